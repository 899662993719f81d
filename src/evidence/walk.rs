//! Which files of a tree are the team's own: the walk skips vendored dependency trees and
//! build output (and says which, and why), and tells test code from application code by its
//! path, so a finding in botocore or in a unit test's mock never speaks for the team.

use std::path::{Component, Path};
use std::sync::{Arc, Mutex};

use ignore::DirEntry;

/// Why a folder was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Vendored {
    /// It holds `*.dist-info` or `*.egg-info` folders: packages installed into it, not written.
    InstalledPackages,
    /// `site-packages`, `.venv`, `venv`: a Python environment.
    PythonEnvironment,
    /// `node_modules`.
    NodeModules,
    /// Go's `vendor/`.
    GoVendor,
    /// `.aws-sam/`, `.serverless/`, `cdk.out/asset.*`, `cdk.out.cache`, `target/`,
    /// `.terraform/`: what a build or a deploy tool wrote.
    BuildOutput,
    /// A template names it as a Lambda layer's content.
    LambdaLayer,
}

impl Vendored {
    pub fn as_str(self) -> &'static str {
        match self {
            Vendored::InstalledPackages => "installed packages (*.dist-info, *.egg-info)",
            Vendored::PythonEnvironment => "Python environment",
            Vendored::NodeModules => "node_modules",
            Vendored::GoVendor => "Go vendor folder",
            Vendored::BuildOutput => "build output",
            Vendored::LambdaLayer => "Lambda layer content",
        }
    }

    /// The short key JSON uses.
    pub fn key(self) -> &'static str {
        match self {
            Vendored::InstalledPackages => "installed-packages",
            Vendored::PythonEnvironment => "python-environment",
            Vendored::NodeModules => "node-modules",
            Vendored::GoVendor => "go-vendor",
            Vendored::BuildOutput => "build-output",
            Vendored::LambdaLayer => "lambda-layer",
        }
    }
}

/// Application code or test code, by the file's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Scope {
    #[default]
    App,
    Test,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::App => "app",
            Scope::Test => "test",
        }
    }

    /// Test code lives in `test/`, `tests/`, `__tests__/`, `__mocks__/`, `testdata/` (so
    /// `src/test/` too) or is named `test_*.py`, `*_test.py`, `conftest.py`, `*_test.go`,
    /// `*.test.js` or `*.spec.ts` (and the other JS and TS extensions). `relative` is the
    /// path below the scanned root, so a checkout under `/home/me/tests/` is not all tests.
    pub fn of(relative: &Path) -> Scope {
        let mut components = relative.components().peekable();
        while let Some(component) = components.next() {
            let Component::Normal(name) = component else {
                continue;
            };
            let Some(name) = name.to_str() else {
                continue;
            };
            let last = components.peek().is_none();
            let test = if last {
                test_file(name)
            } else {
                matches!(
                    name,
                    "test" | "tests" | "__tests__" | "__mocks__" | "testdata"
                )
            };
            if test {
                return Scope::Test;
            }
        }
        Scope::App
    }
}

fn test_file(name: &str) -> bool {
    if name == "conftest.py" || name.ends_with("_test.go") {
        return true;
    }
    if let Some(stem) = name.strip_suffix(".py") {
        return stem.starts_with("test_") || stem.ends_with("_test");
    }
    const JS: [&str; 8] = ["js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"];
    let mut parts = name.rsplitn(3, '.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(ext), Some("test" | "spec"), Some(stem)) => !stem.is_empty() && JS.contains(&ext),
        _ => false,
    }
}

/// The folders a walk left out, shared by the walker's threads.
#[derive(Clone, Default)]
pub struct SkippedFolders(Arc<Mutex<Vec<(std::path::PathBuf, Vendored)>>>);

impl SkippedFolders {
    fn push(&self, path: &Path, why: Vendored) {
        if let Ok(mut list) = self.0.lock() {
            list.push((path.to_path_buf(), why));
        }
    }

    pub fn take(&self) -> Vec<(std::path::PathBuf, Vendored)> {
        self.0
            .lock()
            .map(|mut l| std::mem::take(&mut *l))
            .unwrap_or_default()
    }
}

/// Whether the walk goes into (or reads) this entry. Hidden entries are left out silently,
/// as ripgrep does, except the tool folders named above, which are left out and said.
/// With `read_all`, vendored folders are read like any other.
pub fn keep(entry: &DirEntry, read_all: bool, skipped: &SkippedFolders) -> bool {
    if entry.depth() == 0 {
        return true;
    }
    let Some(name) = entry.file_name().to_str() else {
        return true;
    };
    let dir = entry.file_type().is_some_and(|t| t.is_dir());
    if !dir {
        return !name.starts_with('.');
    }
    if name == ".git" {
        return false;
    }
    let why = vendored_by_name(entry.path(), name);
    if name.starts_with('.') && why.is_none() {
        return false;
    }
    if read_all {
        return true;
    }
    let why = why.or_else(|| installed_packages(entry.path()));
    match why {
        Some(why) => {
            skipped.push(entry.path(), why);
            false
        }
        None => true,
    }
}

fn vendored_by_name(path: &Path, name: &str) -> Option<Vendored> {
    Some(match name {
        "node_modules" => Vendored::NodeModules,
        "site-packages" | ".venv" | "venv" => Vendored::PythonEnvironment,
        "vendor" if go_vendor(path) => Vendored::GoVendor,
        ".aws-sam" | ".serverless" | "cdk.out.cache" | "target" | ".terraform" => {
            Vendored::BuildOutput
        }
        _ if name.starts_with("asset.")
            && path
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|p| p == "cdk.out") =>
        {
            Vendored::BuildOutput
        }
        _ => return None,
    })
}

/// Go's `vendor/` holds `modules.txt`; a `vendor/` folder of anything else is read.
fn go_vendor(path: &Path) -> bool {
    path.join("modules.txt").is_file()
}

/// A folder with `*.dist-info` or `*.egg-info` folders in it is where packages were installed
/// (`pip install -t`). A project's own root keeps its `*.egg-info` from a develop install
/// beside `setup.py` or `pyproject.toml`: that one is read.
fn installed_packages(path: &Path) -> Option<Vendored> {
    let entries = std::fs::read_dir(path).ok()?;
    let mut egg = false;
    let mut project = false;
    for entry in entries.flatten().take(10_000) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if name.ends_with(".dist-info") {
            return Some(Vendored::InstalledPackages);
        }
        egg |= name.ends_with(".egg-info");
        project |= matches!(name, "setup.py" | "setup.cfg" | "pyproject.toml");
    }
    (egg && !project).then_some(Vendored::InstalledPackages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_code_by_path() {
        for path in [
            "tests/unit/test_handler.py",
            "src/test/java/com/x/AppTest.java",
            "app/__tests__/handler.ts",
            "handler_test.go",
            "lib/stack.test.ts",
            "web/src/App.spec.jsx",
            "conftest.py",
            "pkg/test_api.py",
            "pkg/api_test.py",
            "testdata/template.yaml",
        ] {
            assert_eq!(Scope::of(Path::new(path)), Scope::Test, "{path}");
        }
        for path in [
            "src/app.py",
            "latest/handler.py",
            "contest.py",
            "src/testing.ts",
            "lib/test.ts",
            "protest/main.go",
            ".test.ts",
        ] {
            assert_eq!(Scope::of(Path::new(path)), Scope::App, "{path}");
        }
    }
}
