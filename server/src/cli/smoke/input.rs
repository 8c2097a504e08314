//! A reader's input, as the browser makes it (`Input.*`): a left click at a place on screen and
//! text typed key by key where the focus is. Unlike a script's `click()`, it hits what is on top at that
//! place, and does nothing on an `inert` or hidden page (found by attack, round 20).

use super::cdp::Browser;
use serde_json::json;
use std::time::Instant;

impl Browser {
    /// A left click at (`x`, `y`), in the page's viewport.
    pub fn click(&mut self, x: f64, y: f64, deadline: Instant) -> Result<(), String> {
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            let event = json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 });
            self.call("Input.dispatchMouseEvent", event, deadline)?;
        }
        Ok(())
    }

    /// `text` typed where the focus is, a key at a time (found by attack, round 21: text put
    /// in whole fires no key events, so a page refusing every key passed).
    pub fn type_text(&mut self, text: &str, deadline: Instant) -> Result<(), String> {
        for key in text.chars().map(String::from) {
            let down = json!({ "type": "keyDown", "key": key, "text": key, "unmodifiedText": key });
            self.call("Input.dispatchKeyEvent", down, deadline)?;
            let up = json!({ "type": "keyUp", "key": key });
            self.call("Input.dispatchKeyEvent", up, deadline)?;
        }
        Ok(())
    }

    /// Empties the focused field as a reader does: select all (Ctrl+A), then Backspace (found
    /// by attack, round 24: emptied by script, a box that ignored being emptied passed).
    pub fn clear_field(&mut self, deadline: Instant) -> Result<(), String> {
        let keys = [
            json!({ "type": "rawKeyDown", "key": "a", "code": "KeyA", "modifiers": 2, "windowsVirtualKeyCode": 65, "commands": ["selectAll"] }),
            json!({ "type": "keyUp", "key": "a", "code": "KeyA", "modifiers": 2, "windowsVirtualKeyCode": 65 }),
            json!({ "type": "rawKeyDown", "key": "Backspace", "code": "Backspace", "windowsVirtualKeyCode": 8 }),
            json!({ "type": "keyUp", "key": "Backspace", "code": "Backspace", "windowsVirtualKeyCode": 8 }),
        ];
        for key in keys {
            self.call("Input.dispatchKeyEvent", key, deadline)?;
        }
        Ok(())
    }
}
