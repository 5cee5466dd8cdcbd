#!/usr/bin/env python3
"""Captures the requests the official OpenAI Python SDK sends for every operation of the
Assistants, Vector stores and Files tags, as fixtures for `tests/tests/python_sdk_requests.rs`.

No network: the SDK's HTTP client runs on an `httpx.MockTransport` that records each request
(method, path without the `/v1` prefix, query, body exactly as sent) and answers with a minimal
valid response. Each case writes `tests/fixtures/python-sdk/<operationId>/<case>.json`:

    {"method": "POST", "path": "/threads/thread_abc/runs", "query": {"include[]": [...]},
     "body": <the JSON body as sent, or null>}

A query value is a string; a key ending in `[]` (repeated on the wire) holds a list. A
`multipart/form-data` body (createFile) is recorded as `"multipart": [{"name", "filename",
"content_type", "value"}...]` with `"body": null`.

Run it (see tests/python-sdk/README.md for the pinned SDK version):

    python3 -m venv /tmp/openai-sdk && /tmp/openai-sdk/bin/pip install openai==1.109.1
    /tmp/openai-sdk/bin/python tests/python-sdk/capture.py
"""

import email.parser
import email.policy
import json
import pathlib
import shutil
import sys
import warnings

import httpx
import openai

PINNED = "1.109.1"
# The SDK warns that the Assistants API is deprecated on every call.
warnings.filterwarnings("ignore", category=DeprecationWarning)
OUT = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "python-sdk"

# --- recording -------------------------------------------------------------------------------

captured = []  # (method, path, query, body, multipart)


def record(request: httpx.Request):
    path = request.url.path
    assert path.startswith("/v1/"), path
    path = path[len("/v1"):]
    query = {}
    for key, value in request.url.params.multi_items():
        if key.endswith("[]"):
            query.setdefault(key, []).append(value)
        else:
            assert key not in query, f"repeated query key {key}"
            query[key] = value
    content_type = request.headers.get("content-type", "")
    body = None
    multipart = None
    raw = request.read()
    if content_type.startswith("multipart/form-data"):
        multipart = parse_multipart(content_type, raw)
    elif raw:
        assert content_type.startswith("application/json"), content_type
        body = json.loads(raw)
    captured.append((request.method, path, query, body, multipart))
    return path, body


def parse_multipart(content_type, raw):
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
    )
    parts = []
    for part in message.iter_parts():
        entry = {"name": part.get_param("name", header="content-disposition")}
        filename = part.get_param("filename", header="content-disposition")
        if filename is not None:
            entry["filename"] = filename
        if part.get("content-type") is not None:
            entry["content_type"] = part.get_content_type()
        entry["value"] = part.get_payload(decode=True).decode()
        parts.append(entry)
    return parts


# --- answers ---------------------------------------------------------------------------------

SSE_DONE = b"event: done\ndata: [DONE]\n\n"


def respond(request: httpx.Request) -> httpx.Response:
    path, body = record(request)
    if isinstance(body, dict) and body.get("stream") is True:
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=SSE_DONE)
    if path.startswith("/files/") and path.endswith("/content"):
        return httpx.Response(200, headers={"content-type": "application/octet-stream"}, content=b"hello")
    if request.method == "DELETE":
        return httpx.Response(200, json={"id": path.rsplit("/", 1)[-1], "object": "deleted", "deleted": True})
    # Lists, pages and single objects alike: the SDK builds its models without validating.
    return httpx.Response(
        200,
        json={
            "object": "list",
            "id": "obj_abc",
            "status": "completed",
            "data": [],
            "first_id": None,
            "last_id": None,
            "has_more": False,
        },
    )


client = openai.OpenAI(
    api_key="sk-test",
    base_url="https://api.openai.com/v1",
    max_retries=0,
    http_client=httpx.Client(transport=httpx.MockTransport(respond)),
)

# --- the cases -------------------------------------------------------------------------------

cases = []  # (operationId, case, thunk)


def case(operation, name):
    def register(thunk):
        cases.append((operation, name, thunk))
        return thunk

    return register


def drain(stream):
    for _ in stream:
        pass


META = {"project": "golden", "owner": "sdk"}

TOOLS_ALL = [
    {"type": "code_interpreter"},
    {
        "type": "file_search",
        "file_search": {
            "max_num_results": 20,
            "ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.5},
        },
    },
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "The weather in a city.",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
                "additionalProperties": False,
            },
            "strict": True,
        },
    },
]

RESPONSE_FORMAT_JSON_SCHEMA = {
    "type": "json_schema",
    "json_schema": {
        "name": "weather",
        "description": "A weather report.",
        "schema": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "celsius": {"type": "number"}},
            "required": ["city", "celsius"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}

TOOL_RESOURCES_ASSISTANT = {
    "code_interpreter": {"file_ids": ["file-abc", "file-def"]},
    "file_search": {"vector_store_ids": ["vs_abc"]},
}

STATIC = {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}
AUTO = {"type": "auto"}

TOOL_RESOURCES_THREAD_NEW_STORE = {
    "code_interpreter": {"file_ids": ["file-abc"]},
    "file_search": {
        # The API takes at most one vector store here.
        "vector_stores": [{"file_ids": ["file-abc", "file-def"], "chunking_strategy": STATIC, "metadata": META}]
    },
}

TOOL_RESOURCES_NEW_STORE_AUTO = {"file_search": {"vector_stores": [{"file_ids": ["file-abc"], "chunking_strategy": AUTO}]}}

# Explicit None inside nested parameters, where the API allows null.
TOOL_FUNCTION_STRICT_NONE = {
    "type": "function",
    "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {}}, "strict": None},
}
RESPONSE_FORMAT_STRICT_NONE = {
    "type": "json_schema",
    "json_schema": {"name": "weather", "schema": {"type": "object"}, "strict": None},
}

CONTENT_PARTS = [
    {"type": "text", "text": "What is in these images?"},
    {"type": "image_file", "image_file": {"file_id": "file-img", "detail": "high"}},
    {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}},
    {"type": "image_url", "image_url": {"url": "https://example.com/dog.png"}},
]

ATTACHMENTS = [
    {"file_id": "file-abc", "tools": [{"type": "code_interpreter"}, {"type": "file_search"}]},
    {"file_id": "file-def", "tools": [{"type": "file_search"}]},
]

THREAD_MESSAGES = [
    {"role": "user", "content": "Hello"},
    {"role": "assistant", "content": "Hi! How can I help?", "metadata": {"turn": "1"}},
    {"role": "user", "content": CONTENT_PARTS, "attachments": ATTACHMENTS, "metadata": META},
]

ATTRIBUTES = {"author": "Ada", "year": 1843, "draft": False}

FILTERS_COMPOUND = {
    "type": "and",
    "filters": [
        {"type": "eq", "key": "author", "value": "Ada"},
        {"type": "gte", "key": "year", "value": 1800},
        {"type": "ne", "key": "draft", "value": True},
        {
            "type": "or",
            "filters": [
                {"type": "in", "key": "region", "value": ["eu", "us"]},
                {"type": "lt", "key": "year", "value": 2000},
            ],
        },
    ],
}

# Assistants -----------------------------------------------------------------------------------

case("createAssistant", "minimal")(lambda: client.beta.assistants.create(model="gpt-4o"))


@case("createAssistant", "full")
def _():
    client.beta.assistants.create(
        model="gpt-4o",
        name="Math tutor",
        description="Answers questions about maths.",
        instructions="You are a personal math tutor.",
        metadata=META,
        reasoning_effort="medium",
        response_format=RESPONSE_FORMAT_JSON_SCHEMA,
        temperature=0.2,
        top_p=0.9,
        tool_resources=TOOL_RESOURCES_ASSISTANT,
        tools=TOOLS_ALL,
    )


@case("createAssistant", "nulls")
def _():
    client.beta.assistants.create(
        model="o3-mini",
        name=None,
        description=None,
        instructions=None,
        metadata=None,
        reasoning_effort=None,
        response_format=None,
        temperature=None,
        top_p=None,
        tool_resources=None,
    )


@case("createAssistant", "nested_nulls")
def _():
    client.beta.assistants.create(
        model="gpt-4o",
        tools=[TOOL_FUNCTION_STRICT_NONE],
        response_format=RESPONSE_FORMAT_STRICT_NONE,
        tool_resources={"file_search": {"vector_stores": [{"file_ids": ["file-abc"], "chunking_strategy": AUTO, "metadata": None}]}},
    )


@case("createAssistant", "tool_variants")
def _():
    client.beta.assistants.create(
        model="gpt-5",
        tools=[
            {"type": "file_search"},
            {"type": "file_search", "file_search": {"max_num_results": 5}},
            {"type": "file_search", "file_search": {"ranking_options": {"score_threshold": 0}}},
            {"type": "function", "function": {"name": "noop"}},
        ],
        temperature=0,
        top_p=1,
        metadata={},
        tool_resources={"code_interpreter": {}},
    )


case("createAssistant", "fine_tuned_model")(
    lambda: client.beta.assistants.create(model="ft:gpt-4o-mini:acme::abc123", reasoning_effort="minimal")
)


@case("createAssistant", "response_formats")
def _():
    for response_format in ("auto", {"type": "text"}, {"type": "json_object"}):
        client.beta.assistants.create(model="gpt-4o", response_format=response_format, tools=[])


case("getAssistant", "minimal")(lambda: client.beta.assistants.retrieve("asst_abc"))
case("deleteAssistant", "minimal")(lambda: client.beta.assistants.delete("asst_abc"))
case("listAssistants", "minimal")(lambda: client.beta.assistants.list())
case("listAssistants", "full")(
    lambda: client.beta.assistants.list(after="asst_abc", before="asst_xyz", limit=20, order="asc")
)
case("modifyAssistant", "minimal")(lambda: client.beta.assistants.update("asst_abc"))


@case("modifyAssistant", "full")
def _():
    client.beta.assistants.update(
        "asst_abc",
        model="gpt-4.1",
        name="Math tutor",
        description="Answers questions about maths.",
        instructions="You are a personal math tutor.",
        metadata=META,
        reasoning_effort="high",
        response_format={"type": "json_object"},
        temperature=1.5,
        top_p=0.5,
        tool_resources={"code_interpreter": {"file_ids": []}, "file_search": {"vector_store_ids": []}},
        tools=TOOLS_ALL,
    )


@case("modifyAssistant", "nulls")
def _():
    client.beta.assistants.update(
        "asst_abc",
        name=None,
        description=None,
        instructions=None,
        metadata=None,
        reasoning_effort=None,
        response_format=None,
        temperature=None,
        top_p=None,
        tool_resources=None,
    )


# Threads ----------------------------------------------------------------------------------------

case("createThread", "minimal")(lambda: client.beta.threads.create())


@case("createThread", "full")
def _():
    client.beta.threads.create(
        messages=THREAD_MESSAGES,
        metadata=META,
        tool_resources=TOOL_RESOURCES_THREAD_NEW_STORE,
    )


case("createThread", "auto_chunking")(lambda: client.beta.threads.create(tool_resources=TOOL_RESOURCES_NEW_STORE_AUTO))


@case("createThread", "nested_nulls")
def _():
    client.beta.threads.create(
        messages=[{"role": "user", "content": "Hi", "attachments": None, "metadata": None}],
        tool_resources={"file_search": {"vector_stores": [{"file_ids": ["file-abc"], "metadata": None}]}},
    )


@case("createThread", "existing_vector_store")
def _():
    client.beta.threads.create(
        messages=[],
        tool_resources={"file_search": {"vector_store_ids": ["vs_abc"]}},
    )


case("createThread", "nulls")(lambda: client.beta.threads.create(metadata=None, tool_resources=None))
case("getThread", "minimal")(lambda: client.beta.threads.retrieve("thread_abc"))
case("deleteThread", "minimal")(lambda: client.beta.threads.delete("thread_abc"))
case("modifyThread", "minimal")(lambda: client.beta.threads.update("thread_abc"))
case("modifyThread", "full")(
    lambda: client.beta.threads.update("thread_abc", metadata=META, tool_resources=TOOL_RESOURCES_ASSISTANT)
)
case("modifyThread", "nulls")(
    lambda: client.beta.threads.update("thread_abc", metadata=None, tool_resources=None)
)

# Messages ---------------------------------------------------------------------------------------

case("createMessage", "minimal")(
    lambda: client.beta.threads.messages.create("thread_abc", role="user", content="Hello")
)
case("createMessage", "full")(
    lambda: client.beta.threads.messages.create(
        "thread_abc", role="user", content=CONTENT_PARTS, attachments=ATTACHMENTS, metadata=META
    )
)
case("createMessage", "nulls")(
    lambda: client.beta.threads.messages.create(
        "thread_abc", role="assistant", content="Earlier answer", attachments=None, metadata=None
    )
)
case("createMessage", "text_parts")(
    lambda: client.beta.threads.messages.create(
        "thread_abc", role="assistant", content=[{"type": "text", "text": "Earlier answer"}]
    )
)
case("createMessage", "image_detail_auto")(
    lambda: client.beta.threads.messages.create(
        "thread_abc",
        role="user",
        content=[
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "auto"}},
            {"type": "image_file", "image_file": {"file_id": "file-img"}},
        ],
        attachments=[{"file_id": "file-abc"}],
    )
)
case("getMessage", "minimal")(lambda: client.beta.threads.messages.retrieve("msg_abc", thread_id="thread_abc"))
case("deleteMessage", "minimal")(lambda: client.beta.threads.messages.delete("msg_abc", thread_id="thread_abc"))
case("modifyMessage", "minimal")(lambda: client.beta.threads.messages.update("msg_abc", thread_id="thread_abc"))
case("modifyMessage", "full")(
    lambda: client.beta.threads.messages.update("msg_abc", thread_id="thread_abc", metadata=META)
)
case("modifyMessage", "nulls")(
    lambda: client.beta.threads.messages.update("msg_abc", thread_id="thread_abc", metadata=None)
)
case("listMessages", "minimal")(lambda: client.beta.threads.messages.list("thread_abc"))
case("listMessages", "full")(
    lambda: client.beta.threads.messages.list(
        "thread_abc", after="msg_abc", before="msg_xyz", limit=100, order="desc", run_id="run_abc"
    )
)

# Runs -------------------------------------------------------------------------------------------

TRUNCATION = {"type": "last_messages", "last_messages": 10}


def run_everything(**overrides):
    arguments = dict(
        assistant_id="asst_abc",
        model="gpt-4o",
        instructions="Answer briefly.",
        max_completion_tokens=1000,
        max_prompt_tokens=2000,
        metadata=META,
        parallel_tool_calls=False,
        response_format=RESPONSE_FORMAT_JSON_SCHEMA,
        temperature=0.7,
        top_p=1.0,
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
        tools=TOOLS_ALL,
        truncation_strategy=TRUNCATION,
    )
    arguments.update(overrides)
    return arguments


def run_nulls():
    return dict(
        assistant_id="asst_abc",
        model=None,
        instructions=None,
        max_completion_tokens=None,
        max_prompt_tokens=None,
        metadata=None,
        temperature=None,
        top_p=None,
        tool_choice=None,
        tools=None,
        truncation_strategy=None,
    )


TOOL_CHOICES = [
    "none",
    "auto",
    "required",
    {"type": "file_search"},
    {"type": "code_interpreter"},
    {"type": "function", "function": {"name": "get_weather"}},
]

case("createRun", "minimal")(lambda: client.beta.threads.runs.create("thread_abc", assistant_id="asst_abc"))


@case("createRun", "full")
def _():
    client.beta.threads.runs.create(
        "thread_abc",
        include=["step_details.tool_calls[*].file_search.results[*].content"],
        additional_instructions="Call the user Jane.",
        additional_messages=THREAD_MESSAGES,
        reasoning_effort="low",
        **run_everything(),
    )


@case("createRun", "nulls")
def _():
    client.beta.threads.runs.create(
        "thread_abc",
        additional_instructions=None,
        additional_messages=None,
        reasoning_effort=None,
        response_format=None,
        stream=None,
        **run_nulls(),
    )


@case("createRun", "nested_nulls")
def _():
    client.beta.threads.runs.create(
        "thread_abc",
        assistant_id="asst_abc",
        additional_messages=[{"role": "user", "content": "Hi", "attachments": None, "metadata": None}],
        tools=[TOOL_FUNCTION_STRICT_NONE],
        response_format=RESPONSE_FORMAT_STRICT_NONE,
        truncation_strategy={"type": "auto", "last_messages": None},
    )


@case("createRun", "tool_choices")
def _():
    for tool_choice in TOOL_CHOICES:
        client.beta.threads.runs.create(
            "thread_abc", assistant_id="asst_abc", tool_choice=tool_choice, truncation_strategy={"type": "auto"}
        )


@case("createRun", "response_formats")
def _():
    for response_format in ("auto", {"type": "text"}, {"type": "json_object"}):
        client.beta.threads.runs.create("thread_abc", assistant_id="asst_abc", response_format=response_format)


case("createRun", "limits")(
    lambda: client.beta.threads.runs.create(
        "thread_abc",
        assistant_id="asst_abc",
        max_prompt_tokens=256,
        max_completion_tokens=256,
        temperature=0,
        top_p=0,
        parallel_tool_calls=True,
        truncation_strategy={"type": "auto"},
        tools=[],
        metadata={},
        additional_messages=[],
    )
)
case("createRun", "stream")(
    lambda: drain(client.beta.threads.runs.create("thread_abc", assistant_id="asst_abc", stream=True))
)
case("createRun", "stream_false")(
    lambda: client.beta.threads.runs.create("thread_abc", assistant_id="asst_abc", stream=False)
)


@case("createRun", "stream_full")
def _():
    drain(
        client.beta.threads.runs.create(
            "thread_abc",
            include=["step_details.tool_calls[*].file_search.results[*].content"],
            additional_instructions="Call the user Jane.",
            additional_messages=THREAD_MESSAGES,
            reasoning_effort="minimal",
            stream=True,
            **run_everything(),
        )
    )


@case("createRun", "stream_helper")
def _():
    with client.beta.threads.runs.stream(
        thread_id="thread_abc",
        include=["step_details.tool_calls[*].file_search.results[*].content"],
        **run_everything(),
    ) as stream:
        drain(stream)


case("createThreadAndRun", "minimal")(lambda: client.beta.threads.create_and_run(assistant_id="asst_abc"))


@case("createThreadAndRun", "full")
def _():
    client.beta.threads.create_and_run(
        thread={"messages": THREAD_MESSAGES, "metadata": META, "tool_resources": TOOL_RESOURCES_THREAD_NEW_STORE},
        tool_resources=TOOL_RESOURCES_ASSISTANT,
        **run_everything(),
    )


@case("createThreadAndRun", "nulls")
def _():
    client.beta.threads.create_and_run(
        thread={"messages": [{"role": "user", "content": "Hi", "attachments": None, "metadata": None}],
                "metadata": None, "tool_resources": None},
        tool_resources=None,
        response_format=None,
        stream=None,
        **run_nulls(),
    )


@case("createThreadAndRun", "nested_nulls")
def _():
    client.beta.threads.create_and_run(
        assistant_id="asst_abc",
        thread={"tool_resources": TOOL_RESOURCES_NEW_STORE_AUTO},
        tools=[TOOL_FUNCTION_STRICT_NONE],
        response_format=RESPONSE_FORMAT_STRICT_NONE,
        truncation_strategy={"type": "last_messages", "last_messages": None},
    )


@case("createThreadAndRun", "tool_choices")
def _():
    for tool_choice in TOOL_CHOICES:
        client.beta.threads.create_and_run(assistant_id="asst_abc", tool_choice=tool_choice)


@case("createThreadAndRun", "response_formats")
def _():
    for response_format in ("auto", {"type": "text"}, {"type": "json_object"}, RESPONSE_FORMAT_JSON_SCHEMA):
        client.beta.threads.create_and_run(assistant_id="asst_abc", response_format=response_format)


case("createThreadAndRun", "thread_with_parts")(
    lambda: client.beta.threads.create_and_run(
        assistant_id="asst_abc",
        thread={
            "messages": [{"role": "user", "content": CONTENT_PARTS, "attachments": ATTACHMENTS}],
            "tool_resources": {"code_interpreter": {"file_ids": ["file-abc"]}},
        },
        tool_resources={"file_search": {"vector_store_ids": ["vs_abc"]}},
        model="gpt-4.1-mini",
    )
)
case("createThreadAndRun", "stream")(
    lambda: drain(client.beta.threads.create_and_run(assistant_id="asst_abc", stream=True))
)


@case("createThreadAndRun", "stream_helper")
def _():
    with client.beta.threads.create_and_run_stream(
        thread={"messages": THREAD_MESSAGES},
        tool_resources=TOOL_RESOURCES_ASSISTANT,
        **run_everything(),
    ) as stream:
        drain(stream)


case("getRun", "minimal")(lambda: client.beta.threads.runs.retrieve("run_abc", thread_id="thread_abc"))
case("cancelRun", "minimal")(lambda: client.beta.threads.runs.cancel("run_abc", thread_id="thread_abc"))
case("modifyRun", "minimal")(lambda: client.beta.threads.runs.update("run_abc", thread_id="thread_abc"))
case("modifyRun", "full")(
    lambda: client.beta.threads.runs.update("run_abc", thread_id="thread_abc", metadata=META)
)
case("modifyRun", "nulls")(
    lambda: client.beta.threads.runs.update("run_abc", thread_id="thread_abc", metadata=None)
)
case("listRuns", "minimal")(lambda: client.beta.threads.runs.list("thread_abc"))
case("listRuns", "full")(
    lambda: client.beta.threads.runs.list("thread_abc", after="run_abc", before="run_xyz", limit=5, order="asc")
)

TOOL_OUTPUTS = [
    {"tool_call_id": "call_abc", "output": "22 C"},
    {"tool_call_id": "call_def"},
    {"output": "no id"},
]

case("submitToolOutputsToRun", "minimal")(
    lambda: client.beta.threads.runs.submit_tool_outputs("run_abc", thread_id="thread_abc", tool_outputs=[])
)
case("submitToolOutputsToRun", "full")(
    lambda: client.beta.threads.runs.submit_tool_outputs(
        "run_abc", thread_id="thread_abc", tool_outputs=TOOL_OUTPUTS, stream=False
    )
)
case("submitToolOutputsToRun", "nulls")(
    lambda: client.beta.threads.runs.submit_tool_outputs(
        "run_abc", thread_id="thread_abc", tool_outputs=TOOL_OUTPUTS[:1], stream=None
    )
)
case("submitToolOutputsToRun", "stream")(
    lambda: drain(
        client.beta.threads.runs.submit_tool_outputs(
            "run_abc", thread_id="thread_abc", tool_outputs=TOOL_OUTPUTS, stream=True
        )
    )
)


@case("submitToolOutputsToRun", "stream_helper")
def _():
    with client.beta.threads.runs.submit_tool_outputs_stream(
        tool_outputs=TOOL_OUTPUTS, run_id="run_abc", thread_id="thread_abc"
    ) as stream:
        drain(stream)


# Run steps --------------------------------------------------------------------------------------

INCLUDE = ["step_details.tool_calls[*].file_search.results[*].content"]

case("listRunSteps", "minimal")(lambda: client.beta.threads.runs.steps.list("run_abc", thread_id="thread_abc"))
case("listRunSteps", "full")(
    lambda: client.beta.threads.runs.steps.list(
        "run_abc", thread_id="thread_abc", after="step_abc", before="step_xyz", include=INCLUDE, limit=50,
        order="desc",
    )
)
case("getRunStep", "minimal")(
    lambda: client.beta.threads.runs.steps.retrieve("step_abc", thread_id="thread_abc", run_id="run_abc")
)
case("getRunStep", "full")(
    lambda: client.beta.threads.runs.steps.retrieve(
        "step_abc", thread_id="thread_abc", run_id="run_abc", include=INCLUDE
    )
)

# Vector stores ----------------------------------------------------------------------------------

EXPIRES = {"anchor": "last_active_at", "days": 7}

case("createVectorStore", "minimal")(lambda: client.vector_stores.create())
case("createVectorStore", "full")(
    lambda: client.vector_stores.create(
        name="Support FAQ", file_ids=["file-abc", "file-def"], chunking_strategy=STATIC, expires_after=EXPIRES,
        metadata=META,
    )
)
case("createVectorStore", "auto_chunking")(
    lambda: client.vector_stores.create(name="Docs", file_ids=["file-abc"], chunking_strategy=AUTO)
)
case("createVectorStore", "static_only")(
    lambda: client.vector_stores.create(
        chunking_strategy={"type": "static", "static": {"max_chunk_size_tokens": 100, "chunk_overlap_tokens": 0}},
        expires_after={"anchor": "last_active_at", "days": 365},
    )
)
case("createVectorStore", "nulls")(lambda: client.vector_stores.create(metadata=None))
case("getVectorStore", "minimal")(lambda: client.vector_stores.retrieve("vs_abc"))
case("deleteVectorStore", "minimal")(lambda: client.vector_stores.delete("vs_abc"))
case("modifyVectorStore", "minimal")(lambda: client.vector_stores.update("vs_abc"))
case("modifyVectorStore", "full")(
    lambda: client.vector_stores.update("vs_abc", name="Renamed", expires_after=EXPIRES, metadata=META)
)
case("modifyVectorStore", "nulls")(
    lambda: client.vector_stores.update("vs_abc", name=None, expires_after=None, metadata=None)
)
case("listVectorStores", "minimal")(lambda: client.vector_stores.list())
case("listVectorStores", "full")(
    lambda: client.vector_stores.list(after="vs_abc", before="vs_xyz", limit=10, order="desc")
)

case("searchVectorStore", "minimal")(lambda: client.vector_stores.search("vs_abc", query="return policy"))
case("searchVectorStore", "full")(
    lambda: client.vector_stores.search(
        "vs_abc",
        query=["return policy", "refunds"],
        filters=FILTERS_COMPOUND,
        max_num_results=10,
        ranking_options={"ranker": "default-2024-11-15", "score_threshold": 0.25},
        rewrite_query=True,
    )
)
case("searchVectorStore", "comparison_filter")(
    lambda: client.vector_stores.search(
        "vs_abc",
        query="return policy",
        filters={"type": "eq", "key": "author", "value": "Ada"},
        ranking_options={"ranker": "auto"},
        rewrite_query=False,
    )
)
case("searchVectorStore", "number_filters")(
    lambda: client.vector_stores.search(
        "vs_abc",
        query="x",
        filters={
            "type": "or",
            "filters": [
                {"type": "lte", "key": "price", "value": 9.5},
                {"type": "nin", "key": "tag", "value": ["a", 2]},
            ],
        },
        max_num_results=1,
    )
)
case("searchVectorStore", "ranker_none")(
    lambda: client.vector_stores.search(
        "vs_abc", query="x", ranking_options={"ranker": "none", "score_threshold": 0}
    )
)

# Vector store file batches ------------------------------------------------------------------------

case("createVectorStoreFileBatch", "minimal")(
    lambda: client.vector_stores.file_batches.create("vs_abc", file_ids=["file-abc"])
)
case("createVectorStoreFileBatch", "full")(
    lambda: client.vector_stores.file_batches.create(
        "vs_abc", file_ids=["file-abc", "file-def"], attributes=ATTRIBUTES, chunking_strategy=STATIC
    )
)
case("createVectorStoreFileBatch", "auto_chunking")(
    lambda: client.vector_stores.file_batches.create("vs_abc", file_ids=["file-abc"], chunking_strategy=AUTO)
)
case("createVectorStoreFileBatch", "nulls")(
    lambda: client.vector_stores.file_batches.create("vs_abc", file_ids=["file-abc"], attributes=None)
)
case("getVectorStoreFileBatch", "minimal")(
    lambda: client.vector_stores.file_batches.retrieve("vsfb_abc", vector_store_id="vs_abc")
)
case("cancelVectorStoreFileBatch", "minimal")(
    lambda: client.vector_stores.file_batches.cancel("vsfb_abc", vector_store_id="vs_abc")
)
case("listFilesInVectorStoreBatch", "minimal")(
    lambda: client.vector_stores.file_batches.list_files("vsfb_abc", vector_store_id="vs_abc")
)
case("listFilesInVectorStoreBatch", "full")(
    lambda: client.vector_stores.file_batches.list_files(
        "vsfb_abc", vector_store_id="vs_abc", after="file-abc", before="file-xyz", filter="in_progress",
        limit=30, order="asc",
    )
)

# Vector store files -----------------------------------------------------------------------------

case("createVectorStoreFile", "minimal")(lambda: client.vector_stores.files.create("vs_abc", file_id="file-abc"))
case("createVectorStoreFile", "full")(
    lambda: client.vector_stores.files.create(
        "vs_abc", file_id="file-abc", attributes=ATTRIBUTES, chunking_strategy=STATIC
    )
)
case("createVectorStoreFile", "auto_chunking")(
    lambda: client.vector_stores.files.create("vs_abc", file_id="file-abc", chunking_strategy=AUTO)
)
case("createVectorStoreFile", "nulls")(
    lambda: client.vector_stores.files.create("vs_abc", file_id="file-abc", attributes=None)
)
case("getVectorStoreFile", "minimal")(lambda: client.vector_stores.files.retrieve("file-abc", vector_store_id="vs_abc"))
case("deleteVectorStoreFile", "minimal")(
    lambda: client.vector_stores.files.delete("file-abc", vector_store_id="vs_abc")
)
case("updateVectorStoreFileAttributes", "full")(
    lambda: client.vector_stores.files.update("file-abc", vector_store_id="vs_abc", attributes=ATTRIBUTES)
)
case("updateVectorStoreFileAttributes", "nulls")(
    lambda: client.vector_stores.files.update("file-abc", vector_store_id="vs_abc", attributes=None)
)
case("updateVectorStoreFileAttributes", "empty")(
    lambda: client.vector_stores.files.update("file-abc", vector_store_id="vs_abc", attributes={})
)
case("retrieveVectorStoreFileContent", "minimal")(
    lambda: client.vector_stores.files.content("file-abc", vector_store_id="vs_abc")
)
case("listVectorStoreFiles", "minimal")(lambda: client.vector_stores.files.list("vs_abc"))
case("listVectorStoreFiles", "full")(
    lambda: client.vector_stores.files.list(
        "vs_abc", after="file-abc", before="file-xyz", filter="completed", limit=100, order="desc"
    )
)

# Files ------------------------------------------------------------------------------------------

case("createFile", "minimal")(
    lambda: client.files.create(file=("notes.txt", b"hello", "text/plain"), purpose="assistants")
)
case("createFile", "full")(
    lambda: client.files.create(
        file=("batch.jsonl", b'{"custom_id": "1"}\n', "application/jsonl"),
        purpose="batch",
        expires_after={"anchor": "created_at", "seconds": 3600},
    )
)
case("createFile", "bytes_only")(lambda: client.files.create(file=b"raw bytes", purpose="user_data"))
case("listFiles", "minimal")(lambda: client.files.list())
case("listFiles", "full")(
    lambda: client.files.list(after="file-abc", limit=10000, order="asc", purpose="assistants")
)
case("retrieveFile", "minimal")(lambda: client.files.retrieve("file-abc"))
case("deleteFile", "minimal")(lambda: client.files.delete("file-abc"))
case("downloadFile", "minimal")(lambda: client.files.content("file-abc").read())


# --- writing ---------------------------------------------------------------------------------


def main():
    if openai.__version__ != PINNED:
        sys.exit(f"openai=={PINNED} is pinned, found {openai.__version__}")
    if OUT.exists():
        shutil.rmtree(OUT)
    count = 0
    for operation, name, thunk in cases:
        captured.clear()
        thunk()
        assert captured, f"{operation}/{name} sent nothing"
        for index, (method, path, query, body, multipart) in enumerate(captured):
            fixture = {"method": method, "path": path, "query": query, "body": body}
            if multipart is not None:
                fixture["multipart"] = multipart
            file_name = name if len(captured) == 1 else f"{name}_{index + 1}"
            target = OUT / operation / f"{file_name}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(fixture, indent=2, ensure_ascii=False) + "\n")
            count += 1
    operations = {operation for operation, _, _ in cases}
    print(f"{count} fixtures for {len(operations)} operations in {OUT}")


if __name__ == "__main__":
    main()
