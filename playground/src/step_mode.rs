//! Step mode: the learner picks which thread takes each next visible step.
//! The choices so far are the whole state: every choice (and every undo)
//! runs the program again with them (`Scheduling::step`), which reaches
//! the same point since a scheduled run is deterministic, and pauses where
//! the next choice is due. Shared by the playground and the embed widget.

use std::rc::Rc;

use yew::prelude::*;

/// Starts the program in step mode with the given choices.
type RunWithChoices = dyn Fn(&[u32]);

/// The choices (None: step mode is off) and how to run with them.
#[derive(Clone)]
pub struct StepMode {
    pub choices: UseStateHandle<Option<Vec<u32>>>,
    run: Rc<RunWithChoices>,
}

impl StepMode {
    /// `run` starts the program in step mode with the given choices.
    pub fn new(choices: UseStateHandle<Option<Vec<u32>>>, run: impl Fn(&[u32]) + 'static) -> Self {
        StepMode {
            choices,
            run: Rc::new(run),
        }
    }

    pub fn active(&self) -> bool {
        self.choices.is_some()
    }

    /// How many choices were made.
    pub fn made(&self) -> usize {
        self.choices.as_ref().map_or(0, Vec::len)
    }

    /// Step mode with `next` choices (run at once), or off.
    pub fn set(&self, next: Option<Vec<u32>>) {
        if let Some(list) = &next {
            (self.run)(list);
        }
        self.choices.set(next);
    }

    /// Thread `thread` takes the next step.
    pub fn on_choose(&self) -> Callback<u32> {
        let this = self.clone();
        Callback::from(move |thread| {
            let mut list = (*this.choices).clone().unwrap_or_default();
            list.push(thread);
            this.set(Some(list));
        })
    }

    /// Takes the last choice back.
    pub fn on_undo(&self) -> Callback<()> {
        let this = self.clone();
        Callback::from(move |()| {
            let mut list = (*this.choices).clone().unwrap_or_default();
            list.pop();
            this.set(Some(list));
        })
    }

    /// Turns step mode on (from the start) or off.
    pub fn on_toggle(&self) -> Callback<bool> {
        let this = self.clone();
        Callback::from(move |on: bool| this.set(on.then(Vec::new)))
    }
}
