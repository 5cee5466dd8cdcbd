//! `From` conversions along the everyday paths the generator cannot know: a function
//! definition is a tool, a string names a tool choice.
//!
//! ```
//! use openai_assistants::types::{CreateRunRequest, FunctionObject, AssistantsApiToolChoiceOption};
//! use openai_assistants::Nullable;
//!
//! let weather = FunctionObject::new("get_current_weather");
//! let request = CreateRunRequest::new("asst_1")
//!     .tools(vec![weather.into()])
//!     .tool_choice("get_current_weather")
//!     .metadata([("user", "42")]);
//! assert_eq!(request.tool_choice, Nullable::Value(AssistantsApiToolChoiceOption::function("get_current_weather")));
//! ```

use crate::types::{
    AssistantsApiToolChoiceOption, AssistantsNamedToolChoice, AssistantsNamedToolChoiceFunction,
    AssistantsNamedToolChoiceType, FunctionObject, FunctionTool, Tool,
};

/// A function tool with this definition.
impl From<FunctionObject> for FunctionTool {
    fn from(function: FunctionObject) -> Self {
        FunctionTool::new(function)
    }
}

/// A function tool with this definition.
impl From<FunctionObject> for Tool {
    fn from(function: FunctionObject) -> Self {
        Tool::Function(function.into())
    }
}

impl AssistantsApiToolChoiceOption {
    /// Forces the model to call the function `name`.
    pub fn function(name: impl Into<String>) -> Self {
        AssistantsApiToolChoiceOption::Object(
            AssistantsNamedToolChoice::new(AssistantsNamedToolChoiceType::Function)
                .function(AssistantsNamedToolChoiceFunction::new(name)),
        )
    }
}

/// `"none"`, `"auto"` and `"required"` are those choices; any other string names the function
/// the model must call (as [`AssistantsApiToolChoiceOption::function`]).
impl From<&str> for AssistantsApiToolChoiceOption {
    fn from(value: &str) -> Self {
        match value {
            "none" => AssistantsApiToolChoiceOption::None,
            "auto" => AssistantsApiToolChoiceOption::Auto,
            "required" => AssistantsApiToolChoiceOption::Required,
            name => AssistantsApiToolChoiceOption::function(name),
        }
    }
}

/// As `From<&str>`: `"none"`, `"auto"`, `"required"`, or the name of a function.
impl From<String> for AssistantsApiToolChoiceOption {
    fn from(value: String) -> Self {
        AssistantsApiToolChoiceOption::from(value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::types::{
        AssistantsApiToolChoiceOption, CreateRunRequest, FunctionObject, ModifyRunRequest, Tool,
    };

    #[test]
    fn a_function_definition_becomes_a_function_tool() {
        let tool: Tool = FunctionObject::new("get_current_weather")
            .description("Get the weather")
            .into();
        assert_eq!(
            serde_json::to_value(&tool).unwrap(),
            json!({
                "type": "function",
                "function": {"name": "get_current_weather", "description": "Get the weather"}
            })
        );
    }

    #[test]
    fn parameters_take_a_json_object_literal() {
        let definition = FunctionObject::new("f").parameters(json!({"type": "object"}));
        assert_eq!(
            serde_json::to_value(&definition).unwrap(),
            json!({"name": "f", "parameters": {"type": "object"}})
        );
    }

    #[test]
    fn the_three_modes_parse_to_their_variants_and_any_other_string_names_a_function() {
        assert_eq!(
            AssistantsApiToolChoiceOption::from("none"),
            AssistantsApiToolChoiceOption::None
        );
        assert_eq!(
            AssistantsApiToolChoiceOption::from("auto"),
            AssistantsApiToolChoiceOption::Auto
        );
        assert_eq!(
            AssistantsApiToolChoiceOption::from("required".to_string()),
            AssistantsApiToolChoiceOption::Required
        );
        let named = AssistantsApiToolChoiceOption::from("get_current_weather");
        assert_eq!(
            named,
            AssistantsApiToolChoiceOption::function("get_current_weather")
        );
        assert_eq!(
            serde_json::to_value(&named).unwrap(),
            json!({"type": "function", "function": {"name": "get_current_weather"}})
        );
        assert!(crate::Validate::validate(&named).is_ok());
    }

    #[test]
    fn metadata_setters_take_pairs_of_str_arrays_maps_and_iterators() {
        let expected = json!({"metadata": {"a": "1", "b": "2"}});
        let from_array = ModifyRunRequest::new().metadata([("a", "1"), ("b", "2")]);
        let from_vec =
            ModifyRunRequest::new().metadata(vec![("b".to_string(), "2"), ("a".to_string(), "1")]);
        let from_map = ModifyRunRequest::new()
            .metadata(std::collections::HashMap::from([("a", "1"), ("b", "2")]));
        let from_iter =
            ModifyRunRequest::new().metadata((1..=2).map(|i| (["a", "b"][i - 1], i.to_string())));
        for request in [from_array, from_vec, from_map, from_iter] {
            assert_eq!(serde_json::to_value(&request).unwrap(), expected);
        }
        let run = CreateRunRequest::new("asst_1").metadata([("user", "42")]);
        assert_eq!(
            serde_json::to_value(&run).unwrap()["metadata"],
            json!({"user": "42"})
        );
    }
}
