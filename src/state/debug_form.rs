//! The `D` form on a pod: image (prefilled with the first favourite, ←/→ cycle through the
//! favourites), target container (empty: the pod's first container), profile (←/→ or space
//! cycle kubectl's profiles) and an optional command. Tab/↓ and Shift-Tab/↑ move between
//! fields, Enter starts the debug container with what the form shows, Esc closes it.
//!
//! Owns the form's fields and editing. Must not do I/O: Enter becomes `Effect::Debug`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Effect, State};
use crate::cluster::debug::{DebugSpec, Profile};
use crate::resources::ObjKey;

/// The image used when the configuration names none.
pub const DEFAULT_IMAGE: &str = "busybox:1.36";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Image,
    Target,
    Profile,
    Command,
}

impl Field {
    const ORDER: [Field; 4] = [Field::Image, Field::Target, Field::Profile, Field::Command];

    fn step(self, by: isize) -> Field {
        let i = Field::ORDER.iter().position(|f| *f == self).unwrap_or(0) as isize;
        Field::ORDER[(i + by).rem_euclid(Field::ORDER.len() as isize) as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugForm {
    pub pod: ObjKey,
    /// The favourite images (`debug_images` in config.yaml).
    pub images: Vec<String>,
    pub image: String,
    /// Empty: the pod's first container.
    pub target: String,
    pub profile: Profile,
    /// Words split on spaces; empty: the image's entrypoint.
    pub command: String,
    pub field: Field,
}

impl DebugForm {
    pub fn new(pod: ObjKey, images: &[String]) -> DebugForm {
        let image = images
            .first()
            .cloned()
            .unwrap_or_else(|| DEFAULT_IMAGE.to_owned());
        DebugForm {
            pod,
            images: images.to_vec(),
            image,
            target: String::new(),
            profile: Profile::General,
            command: String::new(),
            field: Field::Image,
        }
    }

    /// What Enter starts.
    pub fn spec(&self) -> DebugSpec {
        let target = self.target.trim();
        DebugSpec {
            pod: self.pod.clone(),
            image: self.image.trim().to_owned(),
            target: (!target.is_empty()).then(|| target.to_owned()),
            profile: self.profile,
            command: self.command.split_whitespace().map(str::to_owned).collect(),
        }
    }

    fn cycle(&mut self, by: isize) {
        match self.field {
            Field::Image if !self.images.is_empty() => {
                let at = self.images.iter().position(|i| *i == self.image);
                let n = self.images.len() as isize;
                let next = match at {
                    Some(i) => (i as isize + by).rem_euclid(n),
                    None => 0,
                };
                self.image.clone_from(&self.images[next as usize]);
            }
            Field::Profile => {
                let all = Profile::ALL;
                let i = all.iter().position(|p| *p == self.profile).unwrap_or(0) as isize;
                self.profile = all[(i + by).rem_euclid(all.len() as isize) as usize];
            }
            _ => {}
        }
    }

    fn text(&mut self) -> Option<&mut String> {
        match self.field {
            Field::Image => Some(&mut self.image),
            Field::Target => Some(&mut self.target),
            Field::Command => Some(&mut self.command),
            Field::Profile => None,
        }
    }
}

/// Opens the form on a pod.
pub(super) fn open(state: &mut State, pod: ObjKey) {
    state.debug_form = Some(DebugForm::new(pod, &state.debug_images));
}

pub(super) fn on_key(state: &mut State, key: &KeyEvent, effects: &mut Vec<Effect>) {
    let Some(form) = state.debug_form.as_mut() else {
        return;
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => state.debug_form = None,
        KeyCode::Enter => {
            let spec = form.spec();
            state.debug_form = None;
            if !spec.image.is_empty() {
                effects.push(Effect::Debug(spec));
            }
        }
        KeyCode::Tab | KeyCode::Down => form.field = form.field.step(1),
        KeyCode::BackTab | KeyCode::Up => form.field = form.field.step(-1),
        KeyCode::Left => form.cycle(-1),
        KeyCode::Right => form.cycle(1),
        KeyCode::Char(' ') if form.field == Field::Profile => form.cycle(1),
        KeyCode::Backspace => {
            if let Some(t) = form.text() {
                t.pop();
            }
        }
        KeyCode::Char('u') if ctrl => {
            if let Some(t) = form.text() {
                t.clear();
            }
        }
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            if let Some(t) = form.text() {
                t.push(c);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_with_pod() -> State {
        State::new("kind-sim", None, 0)
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn press(state: &mut State, codes: &[KeyCode]) -> Vec<Effect> {
        let mut effects = Vec::new();
        for c in codes {
            on_key(state, &key(*c), &mut effects);
        }
        effects
    }

    #[test]
    fn enter_alone_starts_what_the_form_shows() {
        let mut state = state_with_pod();
        state.debug_images = vec!["nicolaka/netshoot".into(), "busybox:1.36".into()];
        open(&mut state, ObjKey::new("shop", "cart-1"));
        let form = state.debug_form.clone().unwrap();
        assert_eq!(form.image, "nicolaka/netshoot");
        assert_eq!(form.profile, Profile::General);
        let effects = press(&mut state, &[KeyCode::Enter]);
        assert!(state.debug_form.is_none());
        assert_eq!(
            effects,
            vec![Effect::Debug(DebugSpec {
                pod: ObjKey::new("shop", "cart-1"),
                image: "nicolaka/netshoot".into(),
                target: None,
                profile: Profile::General,
                command: Vec::new(),
            })]
        );
    }

    #[test]
    fn fields_are_edited_and_cycled() {
        let mut state = state_with_pod();
        state.debug_images = vec!["a".into(), "b".into()];
        open(&mut state, ObjKey::new("shop", "cart-1"));
        press(&mut state, &[KeyCode::Right]);
        assert_eq!(state.debug_form.as_ref().unwrap().image, "b");
        press(
            &mut state,
            &[
                KeyCode::Tab,
                KeyCode::Char('a'),
                KeyCode::Char('p'),
                KeyCode::Char('x'),
                KeyCode::Backspace,
                KeyCode::Char('p'),
                KeyCode::Tab,
                KeyCode::Left,
                KeyCode::Tab,
                KeyCode::Char('s'),
                KeyCode::Char('h'),
            ],
        );
        let form = state.debug_form.clone().unwrap();
        assert_eq!(form.field, Field::Command);
        let effects = press(&mut state, &[KeyCode::Enter]);
        let Some(Effect::Debug(spec)) = effects.first() else {
            panic!("no debug effect: {effects:?}");
        };
        assert_eq!(spec.image, "b");
        assert_eq!(spec.target.as_deref(), Some("app"));
        assert_eq!(spec.profile, Profile::Sysadmin);
        assert_eq!(spec.command, ["sh"]);
    }

    #[test]
    fn esc_closes_without_starting() {
        let mut state = state_with_pod();
        open(&mut state, ObjKey::new("shop", "cart-1"));
        assert_eq!(state.debug_form.as_ref().unwrap().image, DEFAULT_IMAGE);
        assert!(press(&mut state, &[KeyCode::Esc]).is_empty());
        assert!(state.debug_form.is_none());
    }
}
