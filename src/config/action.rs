//! Everything a key can be bound to: one `Action` enum whose doc comments are the help text.
//!
//! Owns the action names used in keymap files (snake case) and their help. Must not decide
//! what an action does; that is `state::update`'s job.

macro_rules! actions {
    ($( #[doc = $doc:literal] $variant:ident => $name:literal, )+) => {
        /// An action a key can trigger; its doc comment is the help text shown by `?`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $( #[doc = $doc] $variant, )+
        }

        impl Action {
            /// Every action, in help order.
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)+
                }
            }

            /// The help text (the variant's doc comment).
            pub fn help(self) -> &'static str {
                match self {
                    $(Action::$variant => $doc.trim_ascii(),)+
                }
            }
        }
    };
}

actions! {
    /// Move the selection up one row
    MoveUp => "move_up",
    /// Move the selection down one row
    MoveDown => "move_down",
    /// Go to the first row
    Top => "top",
    /// Go to the last row
    Bottom => "bottom",
    /// Move up one page
    PageUp => "page_up",
    /// Move down one page
    PageDown => "page_down",
    /// Focus the next pane
    NextPane => "next_pane",
    /// Focus the previous pane
    PrevPane => "prev_pane",
    /// Show the focused pane full screen
    Zoom => "zoom",
    /// Go back: close, unzoom, clear the filter
    Back => "back",
    /// Filter: text, regex, !inverse, -l labels
    Filter => "filter",
    /// Command mode (:pods :ns NAME :ctx NAME :q)
    Command => "command",
    /// Show this help
    Help => "help",
    /// Logs of the selected pod or deployment
    Logs => "logs",
    /// YAML of the selected object
    Yaml => "yaml",
    /// Describe the selected object and events
    Describe => "describe",
    /// Edit the selected object in $EDITOR
    Edit => "edit",
    /// Scale the selected deployment to N
    Scale => "scale",
    /// Scale the selected deployment up by 1
    ScaleUp => "scale_up",
    /// Scale the selected deployment down by 1
    ScaleDown => "scale_down",
    /// Rollout restart of the deployment (asks first)
    Restart => "restart",
    /// Cordon the node (no new pods)
    Cordon => "cordon",
    /// Uncordon the node
    Uncordon => "uncordon",
    /// Drain: cordon, evict the pods (asks first)
    Drain => "drain",
    /// Show the recent actions and their outcomes
    RecentActions => "recent_actions",
    /// Debug container in the pod (a form; Enter starts)
    Debug => "debug",
    /// Shell in a container (picker when several)
    Shell => "shell",
    /// Attach to a container's process
    Attach => "attach",
    /// Delete the selected object (asks first)
    Delete => "delete",
    /// Sort by the next column
    SortNextColumn => "sort_next_column",
    /// Reverse the sort order
    SortReverse => "sort_reverse",
    /// Search the text (then n: next match, N: previous)
    Search => "search",
    /// Go to the next search match
    SearchNext => "search_next",
    /// Go to the previous search match
    SearchPrev => "search_prev",
    /// Show or hide metadata.managedFields
    ToggleManagedFields => "toggle_managed_fields",
    /// Show a Secret's values decoded, or mask them
    ToggleSecrets => "toggle_secrets",
    /// Copy the text to the clipboard (OSC 52, works over SSH)
    Copy => "copy",
    /// Save the text to a file
    Save => "save",
    /// Apply the edit shown in the diff
    ApplyEdit => "apply_edit",
    /// Undo the selected change: put back the version before it (diff shown first)
    Undo => "undo",
    /// Filter lines: regex, !inverse, key=value, -C N
    FilterLines => "filter_lines",
    /// Pause or resume following new lines
    ToggleFollow => "toggle_follow",
    /// Wrap long lines
    ToggleWrap => "toggle_wrap",
    /// Show or hide timestamps
    ToggleTimestamps => "toggle_timestamps",
    /// Pretty-print JSON lines
    ToggleJson => "toggle_json",
    /// Choose the container (or all containers)
    ChooseContainer => "choose_container",
    /// Previous (crashed) instance's logs, or back
    PreviousLogs => "previous_logs",
    /// Show logs since a time ago (30s, 5m, 1h, all)
    Since => "since",
    /// Load more history (a longer tail)
    MoreHistory => "more_history",
    /// Save the log buffer to a file
    SaveLogs => "save_logs",
    /// Confirm the dialog
    Confirm => "confirm",
    /// Quit kview
    Quit => "quit",
    /// Try to reach the cluster now, without waiting for the next retry
    RetryNow => "retry_now",
    /// Unbind the key (in a user keymap)
    NoOp => "no_op",
}

impl Action {
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_help_comes_from_docs() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(*action));
            assert!(!action.help().is_empty());
            assert!(!action.help().starts_with(' '));
        }
        assert_eq!(Action::Quit.help(), "Quit kview");
        assert_eq!(Action::from_name("frobnicate"), None);
    }

    #[test]
    fn every_action_of_the_design_key_table_exists() {
        for name in [
            "move_up",
            "move_down",
            "top",
            "bottom",
            "page_up",
            "page_down",
            "next_pane",
            "prev_pane",
            "zoom",
            "back",
            "filter",
            "command",
            "help",
            "logs",
            "yaml",
            "describe",
            "edit",
            "scale",
            "scale_up",
            "scale_down",
            "debug",
            "delete",
            "quit",
            "sort_next_column",
            "sort_reverse",
        ] {
            assert!(Action::from_name(name).is_some(), "{name}");
        }
    }
}
