//! The weft playground (Yew). For now a shell with one check: a program
//! whose two JS threads add to one object's counter 1,000,000 times each
//! runs on the engine (in workers over one shared memory), and the page
//! shows what it printed.
//!
//! The app itself is plain wasm32 (no atomics), so it loads in any page; the
//! engine is a separate module (`engine-pkg/…`) loaded at run time, threaded
//! where the page is cross-origin isolated.

mod engine_host;

use yew::prelude::*;

/// Two JS threads add to one counter with `Atomics.add`: 2000000 exactly
/// when they share one heap and the adds are atomic.
const CHECK: &str = "const counter = { n: 0 };
const threads = [0, 1].map(() => new Thread(() => {
  for (let i = 0; i < 1_000_000; i++) Atomics.add(counter, 'n', 1);
}));
threads.forEach((t) => t.join());
console.log(counter.n);";

/// What the shared-heap check has shown so far.
#[derive(Clone, PartialEq)]
enum CheckState {
    Idle,
    Running,
    Done(engine_host::RunResult),
    Failed(String),
}

#[function_component(App)]
fn app() -> Html {
    let check = use_state(|| CheckState::Idle);
    let isolated = engine_host::cross_origin_isolated();

    let on_run = {
        let check = check.clone();
        Callback::from(move |_| {
            let check = check.clone();
            check.set(CheckState::Running);
            wasm_bindgen_futures::spawn_local(async move {
                check.set(match engine_host::run(CHECK).await {
                    Ok(result) => CheckState::Done(result),
                    Err(message) => CheckState::Failed(message),
                });
            });
        })
    };

    let (status_class, status) = match &*check {
        CheckState::Idle => ("status", "Not run yet.".to_string()),
        CheckState::Running => ("status", "Running…".to_string()),
        CheckState::Done(r) if r.status == "ok" && r.console == ["2000000"] => (
            "status ok",
            "Both threads updated one object in one heap.".to_string(),
        ),
        CheckState::Done(r) => (
            "status error",
            r.error
                .clone()
                .unwrap_or_else(|| format!("the run ended {}", r.status)),
        ),
        CheckState::Failed(message) => ("status error", message.clone()),
    };
    let result = match &*check {
        CheckState::Done(r) => r.console.join("\n"),
        _ => String::new(),
    };

    html! {
        <>
            <header>
                <h1>{ "weft" }</h1>
                <span class="tagline">{ "JavaScript threads that share one heap" }</span>
            </header>
            <main>
                <section class="panel" aria-labelledby="check-title">
                    <h2 id="check-title">{ "Shared heap check" }</h2>
                    <pre class="code">{ CHECK }</pre>
                    <p class="status" id="isolation">
                        { if isolated { "Cross-origin isolated: real threads available." } else { "Not cross-origin isolated: threads are unavailable in this page." } }
                    </p>
                    <button id="check-run" onclick={on_run} disabled={*check == CheckState::Running}>
                        { "Run two threads" }
                    </button>
                    <output id="check-result" class="result">{ result }</output>
                    <p id="check-status" class={status_class}>{ status }</p>
                </section>
            </main>
        </>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
