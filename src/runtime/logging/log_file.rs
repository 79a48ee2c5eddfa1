//! The app's own log file, bounded: when it passes `MAX_BYTES` it becomes `showrunner.log.1`
//! (replacing the previous one) and a new file starts, so a long on-call session or a noisy
//! `SHOWRUNNER_LOG=trace` can never fill the disk. At most twice `MAX_BYTES` are kept.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub const MAX_BYTES: u64 = 10 * 1024 * 1024;

pub struct RotatingFile {
    path: PathBuf,
    file: File,
    written: u64,
    max: u64,
}

impl RotatingFile {
    pub fn open(path: &Path) -> io::Result<RotatingFile> {
        RotatingFile::with_limit(path, MAX_BYTES)
    }

    pub fn with_limit(path: &Path, max: u64) -> io::Result<RotatingFile> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let written = file.metadata()?.len();
        let mut f = RotatingFile {
            path: path.to_path_buf(),
            file,
            written,
            max,
        };
        if f.written >= f.max {
            f.rotate()?;
        }
        Ok(f)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn rotate(&mut self) -> io::Result<()> {
        let mut old = self.path.clone().into_os_string();
        old.push(".1");
        std::fs::rename(&self.path, &old)?;
        self.file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        self.written = 0;
        Ok(())
    }
}

impl Write for RotatingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Rotate between writes, so a log line is never split across the two files.
        if self.written > 0 && self.written + buf.len() as u64 > self.max {
            self.rotate()?;
        }
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_rotates_past_its_limit_and_keeps_one_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("showrunner.log");
        let mut f = RotatingFile::with_limit(&path, 100).unwrap();
        for i in 0..50 {
            writeln!(f, "line {i:04} of the log").unwrap();
        }
        let size = |p: &Path| std::fs::metadata(p).unwrap().len();
        assert!(size(&path) <= 100);
        assert!(size(&dir.path().join("showrunner.log.1")) <= 100);
        let files = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(files, 2, "only the current file and one old one");
        // Reopening a full file starts a new one.
        drop(f);
        std::fs::write(&path, vec![b'x'; 150]).unwrap();
        let _f = RotatingFile::with_limit(&path, 100).unwrap();
        assert_eq!(size(&path), 0);
    }
}
