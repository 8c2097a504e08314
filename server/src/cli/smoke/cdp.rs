//! A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
//! JSON messages ended by a NUL on file descriptors 3 and 4), so `smoke` reads the live page in
//! real time instead of a DOM dump after a virtual-time budget (found by attack: the budget ran
//! out before the wasm compiled, and a healthy board failed one run in six).

use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::Child;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A running browser and the page target it was told to open.
pub struct Browser {
    child: Child,
    to_browser: std::fs::File,
    from_browser: Receiver<Value>,
    next_id: u64,
    session: Option<String>,
    /// The ids of the WebAssembly modules the page compiled (`Debugger.scriptParsed`).
    wasm_modules: Vec<String>,
    /// The service workers registered for the page, by id: their scopes, as the browser (not
    /// the page's own JavaScript, which can lie) says.
    service_workers: std::collections::BTreeMap<String, String>,
    /// Requests the Fetch domain paused, not handled yet (see [`super::stays_live`]).
    pub(super) paused: Vec<Value>,
    _profile: tempfile::TempDir,
    /// Dropped last: the profile is gone before `SIGTERM` ends the process again.
    _stop: super::stop::StopOnTerm,
}

impl Browser {
    /// Starts `path` headless with a fresh profile.
    pub fn start(path: &Path) -> Result<Self, String> {
        let stop = super::stop::StopOnTerm::catch();
        let launched = super::launch::launch(path)?;
        Ok(Self {
            child: launched.child,
            to_browser: launched.to_browser,
            from_browser: launched.from_browser,
            next_id: 0,
            session: None,
            wasm_modules: Vec::new(),
            service_workers: std::collections::BTreeMap::new(),
            paused: Vec::new(),
            _profile: launched.profile,
            _stop: stop,
        })
    }

    /// Opens a new page, attaches to it, and navigates it to `url` once the debugger watches
    /// which WebAssembly modules it compiles.
    pub fn open(&mut self, url: &str, deadline: Instant) -> Result<(), String> {
        let version = self.call("Browser.getVersion", json!({}), deadline)?;
        let agent = version["userAgent"].as_str().unwrap_or_default();
        let blank = json!({ "url": "about:blank" });
        let target = self.call("Target.createTarget", blank, deadline)?;
        let target = target["targetId"]
            .as_str()
            .ok_or("the browser opened no page")?;
        let attached = self.call(
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
            deadline,
        )?;
        let session = attached["sessionId"]
            .as_str()
            .ok_or("the browser would not attach")?;
        self.session = Some(session.to_owned());
        self.call("Debugger.enable", json!({}), deadline)?;
        self.call("ServiceWorker.enable", json!({}), deadline)?;
        // A reader's browser says "Chrome", never "HeadlessChrome" (found by attack, round 20:
        // a page hydrating only for headless browsers passed).
        let agent = json!({ "userAgent": agent.replace("HeadlessChrome", "Chrome") });
        self.call("Emulation.setUserAgentOverride", agent, deadline)?;
        self.call("Page.navigate", json!({ "url": url }), deadline)?;
        Ok(())
    }

    /// The bytes of each WebAssembly module the page compiled so far.
    pub fn wasm_compiled(&mut self, deadline: Instant) -> Result<Vec<Vec<u8>>, String> {
        use base64::Engine;
        let mut modules = Vec::new();
        for id in self.wasm_modules.clone() {
            let source = self.call(
                "Debugger.getScriptSource",
                json!({ "scriptId": id }),
                deadline,
            )?;
            let bytecode = source["bytecode"].as_str().unwrap_or_default();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(bytecode)
                .map_err(|e| format!("the browser sent a module that is not base64: {e}"))?;
            modules.push(bytes);
        }
        Ok(modules)
    }

    /// Evaluates `expression` in the page; its value (a JSON value, returned by value; a promise
    /// is waited for).
    pub fn evaluate(&mut self, expression: &str, deadline: Instant) -> Result<Value, String> {
        let params =
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true });
        let answer = self.call("Runtime.evaluate", params, deadline)?;
        Ok(answer["result"]["value"].clone())
    }

    /// Sends one command and waits for its answer (events meanwhile are skipped).
    pub(super) fn call(
        &mut self,
        method: &str,
        params: Value,
        deadline: Instant,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let (Some(session), false) = (&self.session, method.starts_with("Target.")) {
            message["sessionId"] = json!(session);
        }
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        write_to_browser(&mut self.to_browser, &bytes)
            .map_err(|e| format!("the browser stopped listening: {e}"))?;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if super::stop::stop_asked() && method != "Browser.close" {
                return Err("smoke was asked to stop (SIGTERM)".into());
            }
            match self.from_browser.recv_timeout(left.min(POLL)) {
                Ok(answer) if answer["id"] == id => {
                    return match answer.get("error") {
                        Some(error) => Err(format!("the browser refused {method}: {error}")),
                        None => Ok(answer["result"].clone()),
                    };
                }
                Ok(event) => self.note(&event),
                Err(RecvTimeoutError::Timeout) if left <= POLL => {
                    return Err("the browser did not answer in time".into())
                }
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return Err("the browser exited".into()),
            }
        }
    }
}

impl Browser {
    /// The scopes of the service workers registered for the page so far.
    pub fn service_workers(&mut self, deadline: Instant) -> Result<Vec<String>, String> {
        // Events come in while a command waits: one answered, every earlier one was read.
        self.call("Runtime.evaluate", json!({ "expression": "0" }), deadline)?;
        Ok(self.service_workers.values().cloned().collect())
    }

    /// Keeps what an event says about the page's WebAssembly modules (only their ids) and its
    /// service workers.
    fn note(&mut self, event: &Value) {
        let params = &event["params"];
        if event["method"] == "Fetch.requestPaused" {
            self.paused.push(params.clone());
        }
        if event["method"] == "ServiceWorker.workerRegistrationUpdated" {
            for registration in params["registrations"].as_array().into_iter().flatten() {
                let id = registration["registrationId"].as_str().unwrap_or_default();
                match registration["isDeleted"].as_bool() {
                    Some(true) => self.service_workers.remove(id),
                    _ => self.service_workers.insert(
                        id.to_owned(),
                        registration["scopeURL"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                    ),
                };
            }
        }
        if event["method"] == "Debugger.scriptParsed" && params["scriptLanguage"] == "WebAssembly" {
            if let Some(id) = params["scriptId"].as_str() {
                self.wasm_modules.push(id.to_owned());
            }
        }
    }
}

impl Drop for Browser {
    /// Asks the browser to close (found in review: killed, its helper processes went on
    /// writing in the profile as it was removed, and left it behind), killing it after 3 s.
    fn drop(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(3);
        self.session = None;
        let _ = self.call("Browser.close", json!({}), deadline);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(20));
        }
        // Whatever the browser left of its group goes with it.
        if let Ok(group) = i32::try_from(self.child.id()) {
            let group = nix::unistd::Pid::from_raw(group);
            let _ = nix::sys::signal::killpg(group, nix::sys::signal::Signal::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes `bytes` to the browser with `SIGPIPE` blocked on this thread, taking back the one the
/// write raised: a browser that closed its end (crashed, or a `--browser` program that never
/// listened) is an error, where it ended `smoke` with no report (found in review).
fn write_to_browser(pipe: &mut std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
    use nix::sys::signal::{pthread_sigmask, SigSet, SigmaskHow, Signal};
    let mut pipe_signal = SigSet::empty();
    pipe_signal.add(Signal::SIGPIPE);
    let mut before = SigSet::empty();
    pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&pipe_signal), Some(&mut before))?;
    let written = pipe.write_all(bytes);
    if written.is_err() && !before.contains(Signal::SIGPIPE) {
        let now = nix::libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: the set and the zero timeout outlive the call; no information is asked for.
        unsafe { nix::libc::sigtimedwait(pipe_signal.as_ref(), std::ptr::null_mut(), &now) };
    }
    pthread_sigmask(SigmaskHow::SIG_SETMASK, Some(&before), None)?;
    written
}

/// How long between two looks at the page.
pub const POLL: Duration = Duration::from_millis(100);
