//! The simulated container's shell: a handful of busybox-like commands (`echo`, `ls`, `env`,
//! `hostname`, `ps`, `pwd`, `cat /etc/hostname`, `stty size`, `exit`) and, on a terminal, the
//! line discipline (prompt, echo, backspace, Ctrl-C, Ctrl-D). Pure text in, text out: the
//! WebSocket session in `exec` feeds it and must not be needed to test it.

/// What a command line produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    pub stdout: String,
    pub stderr: String,
    /// Set when the shell ends (by `exit`, or after a one-shot command).
    pub exit: Option<i32>,
    /// The status of the command, for `exec` of a single command.
    pub code: i32,
}

/// One shell session in one container of one pod.
#[derive(Debug)]
pub struct Shell {
    pod: String,
    container: String,
    image: String,
    tty: bool,
    line: Vec<u8>,
    /// The terminal size last announced on the resize channel (columns, rows).
    pub size: Option<(u16, u16)>,
}

pub const PROMPT: &str = "/ # ";

impl Shell {
    pub fn new(pod: &str, container: &str, image: &str, tty: bool) -> Shell {
        Shell {
            pod: pod.to_string(),
            container: container.to_string(),
            image: image.to_string(),
            tty,
            line: Vec::new(),
            size: None,
        }
    }

    fn newline(&self) -> &'static str {
        if self.tty { "\r\n" } else { "\n" }
    }

    /// Runs one command line (no trailing newline).
    pub fn run(&self, line: &str) -> Ran {
        let nl = self.newline();
        let words: Vec<&str> = line.split_whitespace().collect();
        let out = |text: String, code: i32| Ran {
            stdout: text,
            stderr: String::new(),
            exit: None,
            code,
        };
        let Some((&cmd, args)) = words.split_first() else {
            return out(String::new(), 0);
        };
        let lines = |ls: &[&str]| {
            ls.iter().fold(String::new(), |mut acc, l| {
                acc.push_str(l);
                acc.push_str(nl);
                acc
            })
        };
        match cmd {
            "exit" => {
                let code = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
                Ran {
                    exit: Some(code),
                    ..out(String::new(), code)
                }
            }
            "echo" => out(format!("{}{nl}", args.join(" ")), 0),
            "hostname" => out(format!("{}{nl}", self.pod), 0),
            "pwd" => out(format!("/{nl}"), 0),
            "true" | ":" => out(String::new(), 0),
            "false" => out(String::new(), 1),
            "ls" => out(
                lines(&[
                    "bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var",
                ]),
                0,
            ),
            "env" => out(
                lines(&[
                    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    &format!("HOSTNAME={}", self.pod),
                    "HOME=/root",
                    "TERM=xterm",
                ]),
                0,
            ),
            "ps" => {
                let main = if self.image.is_empty() {
                    self.container.clone()
                } else {
                    format!("{} ({})", self.container, self.image)
                };
                out(
                    lines(&[
                        "PID   USER     TIME  COMMAND",
                        &format!("    1 root      0:00 {main}"),
                        "    7 root      0:00 sh",
                        "   13 root      0:00 ps",
                    ]),
                    0,
                )
            }
            "cat" if args == ["/etc/hostname"] => out(format!("{}{nl}", self.pod), 0),
            "cat" => Ran {
                stderr: format!(
                    "cat: can't open '{}': No such file or directory{nl}",
                    args.first().unwrap_or(&"")
                ),
                ..out(String::new(), 1)
            },
            "stty" if args == ["size"] => match self.size {
                Some((w, h)) => out(format!("{h} {w}{nl}"), 0),
                None => out(format!("24 80{nl}"), 0),
            },
            other => Ran {
                stderr: format!("sh: {other}: not found{nl}"),
                ..out(String::new(), 127)
            },
        }
    }

    /// Feeds typed bytes through the terminal's line discipline (or, without a terminal, splits
    /// them into lines). Returns what the terminal shows and whether the shell ended.
    pub fn feed(&mut self, input: &[u8]) -> (String, Option<i32>) {
        let nl = self.newline();
        let mut shown = String::new();
        for &b in input {
            match b {
                b'\r' | b'\n' => {
                    if self.tty {
                        if b == b'\n' && self.line.is_empty() && shown.ends_with(PROMPT) {
                            // "\r\n" from a client: the \r already ran the line.
                            continue;
                        }
                        shown.push_str(nl);
                    }
                    let line =
                        String::from_utf8_lossy(&std::mem::take(&mut self.line)).into_owned();
                    let ran = self.run(&line);
                    shown.push_str(&ran.stdout);
                    shown.push_str(&ran.stderr);
                    if ran.exit.is_some() {
                        return (shown, ran.exit);
                    }
                    if self.tty {
                        shown.push_str(PROMPT);
                    }
                }
                // Ctrl-D on an empty line ends the shell, as sh does.
                0x04 if self.line.is_empty() => {
                    if self.tty {
                        shown.push_str(&format!("exit{nl}"));
                    }
                    return (shown, Some(0));
                }
                0x03 if self.tty => {
                    self.line.clear();
                    shown.push_str(&format!("^C{nl}{PROMPT}"));
                }
                0x7f | 0x08 if self.tty => {
                    if self.line.pop().is_some() {
                        shown.push_str("\x08 \x08");
                    }
                }
                b => {
                    self.line.push(b);
                    if self.tty && !b.is_ascii_control() {
                        shown.push(char::from(b));
                    }
                }
            }
        }
        (shown, None)
    }
}

/// Whether a container of this image (on Windows or not) has `program`: distroless images have
/// nothing to run but their own binary; Windows images have `cmd` and (but nanoserver)
/// PowerShell, no `sh`; the others are busybox-like (`sh`, `ash`, no `bash`).
pub fn has_program(image: &str, windows: bool, program: &str) -> bool {
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let name = name.strip_suffix(".exe").unwrap_or(name);
    if image.contains("distroless") {
        return false;
    }
    let windows = windows
        || ["windows", "nanoserver", "servercore"]
            .iter()
            .any(|w| image.contains(w));
    match name {
        "cmd" => windows,
        "powershell" | "pwsh" => windows && !image.contains("nanoserver"),
        "sh" | "ash" => !windows,
        "bash" => false,
        _ => true,
    }
}

/// What the container runtime reports (through the kubelet, as a Status on the error channel)
/// when `program` is not in the container: containerd's words.
pub fn missing_program_status(program: &str, exec_id: &str) -> serde_json::Value {
    let cause = format!(
        "error executing command in container: failed to exec in container: failed to start exec \"{exec_id}\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown"
    );
    serde_json::json!({
        "metadata": {},
        "status": "Failure",
        "message": format!("Internal error occurred: {cause}"),
        "reason": "InternalError",
        "details": {"causes": [{"message": cause}]},
        "code": 500
    })
}

/// Whether a command starts an interactive shell rather than one command.
pub fn is_shell(command: &[String]) -> bool {
    matches!(
        command,
        [c] if matches!(
            c.rsplit(['/', '\\']).next().map(|n| n.strip_suffix(".exe").unwrap_or(n)),
            Some("sh" | "bash" | "ash" | "cmd" | "powershell" | "pwsh")
        )
    )
}

/// The command line a one-shot command runs: `sh -c "X" [ARG0 ARGS…]` runs X (the arguments
/// after it are the script's `$0…`, as in sh), anything else runs as typed.
pub fn one_shot(command: &[String]) -> String {
    match command {
        [sh, c, line, ..] if c == "-c" && is_shell(std::slice::from_ref(sh)) => line.clone(),
        _ => command.join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_print_what_busybox_prints() {
        let sh = Shell::new("web-1", "app", "nginx", false);
        assert_eq!(sh.run("hostname").stdout, "web-1\n");
        assert_eq!(sh.run("cat /etc/hostname").stdout, "web-1\n");
        assert_eq!(sh.run("echo hi  there").stdout, "hi there\n");
        assert_eq!(sh.run("pwd").stdout, "/\n");
        assert!(sh.run("env").stdout.contains("HOSTNAME=web-1\n"));
        assert!(sh.run("ps").stdout.contains("app (nginx)"));
        assert!(sh.run("ls").stdout.contains("etc\n"));
        let missing = sh.run("kubectl get pods");
        assert_eq!(missing.stderr, "sh: kubectl: not found\n");
        assert_eq!(missing.code, 127);
        assert_eq!(sh.run("exit 3").exit, Some(3));
        assert_eq!(sh.run("exit").exit, Some(0));
    }

    #[test]
    fn terminal_echoes_edits_and_prompts() {
        let mut sh = Shell::new("web-1", "app", "", true);
        let (shown, end) = sh.feed(b"hostnamx\x7fe\r");
        assert_eq!(shown, "hostnamx\x08 \x08e\r\nweb-1\r\n/ # ");
        assert_eq!(end, None);
        let (shown, _) = sh.feed(b"ech\x03");
        assert_eq!(shown, "ech^C\r\n/ # ");
        let (shown, end) = sh.feed(b"exit 2\r");
        assert_eq!(shown, "exit 2\r\n");
        assert_eq!(end, Some(2));
    }

    #[test]
    fn ctrl_d_on_an_empty_line_ends_the_shell() {
        let mut sh = Shell::new("p", "c", "", true);
        assert_eq!(sh.feed(b"\x04"), ("exit\r\n".to_string(), Some(0)));
        let mut sh = Shell::new("p", "c", "", false);
        let (shown, end) = sh.feed(b"echo a\nhostname\n");
        assert_eq!((shown.as_str(), end), ("a\np\n", None));
    }

    #[test]
    fn resize_is_visible_to_stty() {
        let mut sh = Shell::new("p", "c", "", false);
        sh.size = Some((120, 40));
        assert_eq!(sh.run("stty size").stdout, "40 120\n");
    }

    #[test]
    fn images_decide_which_programs_exist() {
        assert!(has_program("busybox:1.36", false, "sh"));
        assert!(!has_program("busybox:1.36", false, "bash"));
        assert!(has_program("busybox:1.36", false, "hostname"));
        assert!(!has_program(
            "gcr.io/distroless/static:nonroot",
            false,
            "sh"
        ));
        assert!(!has_program(
            "gcr.io/distroless/static:nonroot",
            false,
            "hostname"
        ));
        assert!(has_program(
            "mcr.microsoft.com/windows/servercore:ltsc2022",
            false,
            "powershell"
        ));
        assert!(!has_program(
            "mcr.microsoft.com/windows/nanoserver:ltsc2022",
            false,
            "powershell"
        ));
        assert!(has_program(
            "mcr.microsoft.com/windows/nanoserver:ltsc2022",
            false,
            "cmd.exe"
        ));
        assert!(has_program("iis:10", true, "cmd") && !has_program("iis:10", true, "sh"));
        let status = missing_program_status("bash", "e1");
        assert_eq!(status["code"], 500);
        let message = status["message"].as_str().unwrap();
        assert!(
            message.starts_with("Internal error occurred: error executing command in container")
        );
        assert!(message.contains("exec: \"bash\": executable file not found in $PATH"));
    }

    #[test]
    fn shells_and_one_shot_commands() {
        let v = |s: &[&str]| s.iter().map(|x| (*x).to_string()).collect::<Vec<_>>();
        assert!(is_shell(&v(&["sh"])));
        assert!(is_shell(&v(&["/bin/bash"])));
        assert!(!is_shell(&v(&["hostname"])));
        assert_eq!(one_shot(&v(&["sh", "-c", "echo a"])), "echo a");
        assert_eq!(one_shot(&v(&["echo", "a", "b"])), "echo a b");
    }
}
