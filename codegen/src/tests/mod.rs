//! The generator end to end on hostile and pathological inputs. They live inside the crate
//! because they look at the model and the limits, which are not public.

mod all_of;
mod hostile;
mod inert_docs;
mod multi_file;
mod normalize;
mod renames;
mod robust;
mod selection;
mod tuples;
mod unions;
