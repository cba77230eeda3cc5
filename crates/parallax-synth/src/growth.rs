//! Growth tests: the cost of an operation on an input of size 2N against size N, as a ratio
//! of CPU time (never an absolute time, never the clock): "near-linear" is 2N within 2.5×
//! N. CPU time, unlike the clock, does not count the time other processes of a busy machine
//! hold the cores; the runs alternate between the sizes so that a passing load slows both.
//!
//! The tests of one test binary run on parallel threads, and a test running next to a timed
//! one would be timed with it: every test of a file that times anything holds
//! [`one_at_a_time`].

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// The lock every test of a timing test file holds (one per test process).
///
/// It also makes rayon's global pool a single thread (before anything uses it): idle rayon
/// workers spin before they sleep, and on a loaded machine that spinning lands in the
/// process's CPU time at random.
pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    // An error means the pool exists already (built by an earlier call): nothing to do.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global();
    keep_freed_memory();
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Have the allocator keep what is freed for the next allocation, large blocks included.
///
/// By default glibc maps each block above a threshold afresh (and unmaps it when freed), a
/// threshold it moves as blocks come and go: a run at 2N can then take every page of its
/// large lists from the kernel again (page faults, four times as many as at N on a machine
/// seen here) while the run at N reuses freed memory, which times the allocator, not the
/// code. With blocks never mapped apart nor the heap trimmed, both sizes reuse their memory
/// after the first run.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets the allocator's parameters; called before the timed runs.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 30);
        libc::mallopt(libc::M_TRIM_THRESHOLD, i32::MAX);
    }
}

fn clock(id: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the one timespec it is given.
    let rc = unsafe { libc::clock_gettime(id, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// The CPU time of this process, all threads.
pub fn cpu_time() -> Duration {
    clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

/// The CPU time of the calling thread.
pub fn thread_cpu_time() -> Duration {
    clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// The CPU time `f` takes, all threads of the process.
pub fn time(f: impl FnOnce()) -> Duration {
    let t = cpu_time();
    f();
    cpu_time().saturating_sub(t)
}

/// The CPU time `f` takes on the calling thread: for work that runs on one thread, in a file
/// whose other tests run alongside.
pub fn thread_time(f: impl FnOnce()) -> Duration {
    let t = thread_cpu_time();
    f();
    thread_cpu_time().saturating_sub(t)
}

/// Time `run` on the input `make` builds at `n` and at `2n` (building is not timed), and
/// assert near-linear growth: the least of 3 runs at 2N within 2.5 times the least of 3 runs
/// at N (3 more of each, twice at most, while it is not), in the process's CPU time (hold [`one_at_a_time`] in every test of the file).
/// Returns the two times. Choose `n` so that a run takes 50 ms or more.
pub fn assert_near_linear<T>(
    what: &str,
    n: usize,
    make: impl Fn(usize) -> T,
    run: impl Fn(&T),
) -> (Duration, Duration) {
    near_linear(what, n, make, run, |f| time(f))
}

/// [`assert_near_linear`] for work on one thread, timed in the calling thread's CPU time:
/// other tests of the file may run alongside.
pub fn assert_near_linear_on_thread<T>(
    what: &str,
    n: usize,
    make: impl Fn(usize) -> T,
    run: impl Fn(&T),
) -> (Duration, Duration) {
    near_linear(what, n, make, run, |f| thread_time(f))
}

fn near_linear<T>(
    what: &str,
    n: usize,
    make: impl Fn(usize) -> T,
    run: impl Fn(&T),
    time: impl Fn(&dyn Fn()) -> Duration,
) -> (Duration, Duration) {
    let small = make(n);
    let large = make(2 * n);
    let (mut t1, mut t2) = (Duration::MAX, Duration::MAX);
    let mut ratio = f64::INFINITY;
    // More rounds of measures only while they look superlinear: a disturbance (another
    // build on the machine) rarely lasts three rounds, a quadratic cost (4x) always does.
    for _round in 0..3 {
        for _ in 0..3 {
            t1 = t1.min(time(&|| run(&small)));
            t2 = t2.min(time(&|| run(&large)));
        }
        ratio = t2.as_secs_f64() / t1.as_secs_f64().max(1e-9);
        eprintln!("{what}: {n} {t1:?}, {} {t2:?} ({ratio:.2}x)", 2 * n);
        if ratio <= 2.5 {
            break;
        }
    }
    assert!(
        ratio <= 2.5,
        "{what}: {n} took {t1:?}, {} took {t2:?} ({ratio:.1}x): more than linear growth",
        2 * n
    );
    (t1, t2)
}
