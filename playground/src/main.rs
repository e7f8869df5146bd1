//! The weft playground (Yew). For now a shell with the walking skeleton's
//! shared-memory check: two workers over the engine's one shared memory each
//! add to one Rust atomic 1,000,000 times, and the page shows the total.
//!
//! The app itself is plain wasm32 (no atomics), so it loads in any page; the
//! engine is a separate module (`engine-pkg/…`) loaded at run time, threaded
//! where the page is cross-origin isolated.

mod engine_host;

use yew::prelude::*;

/// What the shared-memory check has shown so far.
#[derive(Clone, PartialEq)]
enum ProbeState {
    Idle,
    Running,
    Done(f64),
    Failed(String),
}

#[function_component(App)]
fn app() -> Html {
    let probe = use_state(|| ProbeState::Idle);
    let isolated = engine_host::cross_origin_isolated();

    let on_run = {
        let probe = probe.clone();
        Callback::from(move |_| {
            let probe = probe.clone();
            probe.set(ProbeState::Running);
            wasm_bindgen_futures::spawn_local(async move {
                probe.set(match engine_host::run_probe(2, 1_000_000).await {
                    Ok(total) => ProbeState::Done(total),
                    Err(message) => ProbeState::Failed(message),
                });
            });
        })
    };

    let (status_class, status) = match &*probe {
        ProbeState::Idle => ("status", "Not run yet.".to_string()),
        ProbeState::Running => ("status", "Running…".to_string()),
        ProbeState::Done(total) if *total == 2_000_000.0 => {
            ("status ok", "Both workers saw one memory.".to_string())
        }
        ProbeState::Done(_) => ("status error", "Increments were lost.".to_string()),
        ProbeState::Failed(message) => ("status error", message.clone()),
    };
    let result = match &*probe {
        ProbeState::Done(total) => format!("{total}"),
        _ => String::new(),
    };

    html! {
        <>
            <header>
                <h1>{ "weft" }</h1>
                <span class="tagline">{ "JavaScript threads that share one heap" }</span>
            </header>
            <main>
                <section class="panel" aria-labelledby="probe-title">
                    <h2 id="probe-title">{ "Shared memory check" }</h2>
                    <p>
                        { "Two Web Workers share this page's engine memory; each adds one to the same Rust atomic 1,000,000 times." }
                    </p>
                    <p class="status" id="isolation">
                        { if isolated { "Cross-origin isolated: real threads available." } else { "Not cross-origin isolated: threads are unavailable in this page." } }
                    </p>
                    <button id="probe-run" onclick={on_run} disabled={*probe == ProbeState::Running}>
                        { "Run two workers" }
                    </button>
                    <output id="probe-result" class="result">{ result }</output>
                    <p id="probe-status" class={status_class}>{ status }</p>
                </section>
            </main>
        </>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
