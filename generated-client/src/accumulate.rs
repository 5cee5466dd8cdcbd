//! Folding a run's event stream into its final state. (in progress)
