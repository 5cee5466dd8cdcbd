//! The generator end to end on hostile and pathological inputs. They live inside the crate
//! because they look at the model and the limits, which are not public.

mod hostile;
mod inert_docs;
mod multi_file;
mod robust;
mod unions;
