//! Tiny non-cryptographic randomness (SplitMix64) for names, uids, jitter and log content;
//! nothing here needs to be unpredictable, only varied.

use std::sync::atomic::{AtomicU64, Ordering};

static STATE: AtomicU64 = AtomicU64::new(0);

fn seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x5eed);
    nanos ^ (std::process::id() as u64) << 32
}

pub fn next_u64() -> u64 {
    let mut s = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    if s == 0 {
        let _ = STATE.compare_exchange(
            0x9E37_79B9_7F4A_7C15,
            seed(),
            Ordering::Relaxed,
            Ordering::Relaxed,
        );
        s = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    }
    let mut z = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Uniform in [0, 1).
pub fn unit() -> f64 {
    (next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

pub fn below(n: usize) -> usize {
    if n == 0 {
        0
    } else {
        (next_u64() % n as u64) as usize
    }
}

pub fn hex(len: usize) -> String {
    (0..len)
        .map(|_| char::from_digit((next_u64() % 16) as u32, 16).unwrap_or('0'))
        .collect()
}

/// Suffix alphabet of Kubernetes generated names (no vowels, no look-alikes).
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

pub fn name_suffix(len: usize) -> String {
    (0..len)
        .map(|_| ALPHANUMS[below(ALPHANUMS.len())] as char)
        .collect()
}

/// Encodes a hash the way pod-template-hash looks (`7d9f8c6b5`).
pub fn safe_encode(mut v: u64, len: usize) -> String {
    (0..len)
        .map(|_| {
            let c = ALPHANUMS[(v % ALPHANUMS.len() as u64) as usize] as char;
            v /= ALPHANUMS.len() as u64;
            c
        })
        .collect()
}

pub fn uuid() -> String {
    let h = hex(32);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}
