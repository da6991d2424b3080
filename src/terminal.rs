//! The terminal's lifecycle: raw mode, the alternate screen and (unless disabled) mouse
//! capture on entry; suspended and resumed around programs that need the terminal (the
//! editor); restored on every way out (normal exit, error, panic via a hook that restores and
//! then chains to the previous hook, and signals, which the app turns into a normal exit).

use std::io::{self, Stdout};
use std::sync::Once;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, event, execute, terminal};

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the TUI is up; dropping it restores the terminal.
pub struct TerminalGuard {
    terminal: Tui,
    mouse: bool,
}

impl TerminalGuard {
    /// Takes the terminal; with `mouse`, wheel and clicks come to kview instead of the
    /// terminal's own selection and scrollback.
    pub fn enter(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        let mut stdout = io::stdout();
        if let Err(e) = execute!(stdout, terminal::EnterAlternateScreen, cursor::Hide) {
            restore();
            return Err(e);
        }
        if mouse && let Err(e) = execute!(stdout, event::EnableMouseCapture) {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| restore())?;
        Ok(TerminalGuard { terminal, mouse })
    }

    pub fn terminal(&mut self) -> &mut Tui {
        &mut self.terminal
    }

    /// Hands the terminal over to another program (the editor): raw mode off, the alternate
    /// screen left, the cursor shown. The caller must stop reading input first.
    pub fn suspend(&mut self) -> io::Result<()> {
        terminal::disable_raw_mode()?;
        if self.mouse {
            execute!(io::stdout(), event::DisableMouseCapture)?;
        }
        execute!(io::stdout(), terminal::LeaveAlternateScreen, cursor::Show)
    }

    /// Takes the terminal back after `suspend`, and forgets what was on screen so the next
    /// frame is drawn whole.
    pub fn resume(&mut self) -> io::Result<()> {
        terminal::enable_raw_mode()?;
        execute!(
            io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide,
            terminal::Clear(terminal::ClearType::All)
        )?;
        if self.mouse {
            execute!(io::stdout(), event::EnableMouseCapture)?;
        }
        // Both buffers blank: the next frame is drawn whole. (`Terminal::clear` would ask the
        // terminal where its cursor is, and wait for an answer some terminals never send.)
        self.terminal.current_buffer_mut().reset();
        self.terminal.swap_buffers();
        Ok(())
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves raw mode, mouse capture and the alternate screen; safe to call more than once.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
}

/// Debug builds only: with `KVIEW_DEBUG_PANIC` set, panics once a frame is on screen, so tests
/// can check that the terminal is handed back on a panic. Release builds have no such switch.
#[cfg(debug_assertions)]
pub fn panic_if_asked() {
    static ASKED: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("KVIEW_DEBUG_PANIC").is_some());
    assert!(
        !*ASKED,
        "KVIEW_DEBUG_PANIC is set: panicking on purpose with the dashboard on screen"
    );
}

fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
