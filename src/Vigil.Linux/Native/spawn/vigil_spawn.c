/*
 * vigil_spawn: start one script the way Vigil needs, in one clone + execve.
 *
 * Why C: a script must get SIGTERM when the daemon dies (PR_SET_PDEATHSIG, as keepalived sets for its scripts),
 * and that can only be set by the child itself, between fork and exec. posix_spawn has no attribute for it and no
 * managed code may run in a forked child, so without this file every run needs a second exec through setpriv(1),
 * which roughly doubles the CPU a script run costs. Vigil falls back to posix_spawn + setpriv when this library
 * is missing (a build machine without a C compiler).
 *
 * The child shares the parent's memory (CLONE_VM | CLONE_VFORK, as glibc's posix_spawn does) and the calling
 * thread is suspended until the child has exec'd or died, so the fork costs nothing however large the daemon
 * is, and a failed exec reports its errno through shared memory. In the child, only raw system calls and
 * async-signal-safe functions run: no malloc, no locks, no glibc setxid broadcast (which would signal the
 * parent's threads), hence syscall() for the id changes.
 *
 * In the child, in this order:
 *   every signal handler back to SIG_DFL (the runtime's handlers must never run in the child), then an empty mask;
 *   its own process group (the timeout kills the whole tree);
 *   groups cleared, gid and uid changed when asked (uid/gid -1 means unchanged);
 *   PR_SET_PDEATHSIG after the id change (a credential change clears it), then a check that the parent is
 *   still there (it may have died before the prctl);
 *   stdin, stdout, stderr on /dev/null and every other descriptor closed;
 *   execve.
 *
 * Returns the child's pid, or -errno when it could not be started (the failed child is reaped here).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD_STACK_SIZE (64 * 1024)

struct spawn_args {
    const char *path;
    char *const *argv;
    char *const *envp;
    int uid;
    int gid;
    int pdeathsig;
    pid_t parent;
    volatile int error; /* written by the child, read by the parent once the child has exec'd or exited */
};

static void close_from_3(void)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
        return;
#endif
    struct rlimit rl;
    long max = 65536;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && (long)rl.rlim_cur < max)
        max = (long)rl.rlim_cur;
    for (long fd = 3; fd < max; fd++)
        close((int)fd);
}

static int child_main(void *p)
{
    struct spawn_args *a = p;
    struct sigaction dfl = { 0 };
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < _NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            sigaction(sig, &dfl, NULL); /* fails harmlessly for the few glibc reserves */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    if (setpgid(0, 0) != 0)
        goto fail;
    if (a->uid >= 0 || a->gid >= 0) {
        if (syscall(SYS_setgroups, 0, NULL) != 0)
            goto fail;
        if (a->gid >= 0 && syscall(SYS_setresgid, a->gid, a->gid, a->gid) != 0)
            goto fail;
        if (a->uid >= 0 && syscall(SYS_setresuid, a->uid, a->uid, a->uid) != 0)
            goto fail;
    }
    if (a->pdeathsig > 0) {
        if (prctl(PR_SET_PDEATHSIG, a->pdeathsig, 0, 0, 0) != 0)
            goto fail;
        if (getppid() != a->parent)
            _exit(128 + a->pdeathsig); /* the daemon died before the prctl: behave as if signalled */
    }

    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0)
        goto fail;
    if (dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
        goto fail;
    close_from_3();

    execve(a->path, a->argv, a->envp);
fail:
    a->error = errno != 0 ? errno : EINVAL;
    _exit(127);
}

int vigil_spawn(const char *path, char *const *argv, char *const *envp, int uid, int gid, int pdeathsig)
{
    struct spawn_args a = { path, argv, envp, uid, gid, pdeathsig, getpid(), 0 };
    void *stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        return -errno;

    /* No signal handler may run in the child before it has reset them: block everything around the clone. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t pid = clone(child_main, (char *)stack + CHILD_STACK_SIZE, CLONE_VM | CLONE_VFORK | SIGCHLD, &a);
    int clone_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    munmap(stack, CHILD_STACK_SIZE);

    if (pid < 0)
        return -clone_errno;
    if (a.error != 0) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        return -a.error;
    }
    return pid;
}

/*
 * vigil_stop_signal_*: SIGTERM and SIGINT straight to the daemon's loop.
 *
 * Why: .NET delivers a registered SIGTERM through a pipe to its signal thread, which then starts a new thread to
 * run the handler; on a busy machine that is milliseconds between kill(2) and the priority-0 adverts. This handler
 * only records the signal and writes the loop's eventfd (both async-signal-safe), so the loop wakes as it would
 * for a packet and sends the adverts itself. The previous disposition is kept and put back on restore.
 */
static int stop_wake_fd = -1;
static unsigned int stop_pending;
static struct sigaction stop_saved[65];

static void on_stop_signal(int sig)
{
    int saved_errno = errno;
    uint64_t one = 1;
    __atomic_fetch_or(&stop_pending, 1u << sig, __ATOMIC_SEQ_CST);
    if (write(stop_wake_fd, &one, sizeof one) < 0) {
        /* the eventfd is non-blocking and only full after 2^64-1 writes: nothing to do */
    }
    errno = saved_errno;
}

/* Installs the handler for sig (1-31), waking wake_fd. Returns 0 or -errno. */
int vigil_stop_signal_install(int sig, int wake_fd)
{
    struct sigaction sa;
    if (sig < 1 || sig > 31)
        return -EINVAL;
    __builtin_memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigfillset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    __atomic_store_n(&stop_wake_fd, wake_fd, __ATOMIC_SEQ_CST);
    return sigaction(sig, &sa, &stop_saved[sig]) == 0 ? 0 : -errno;
}

/* Puts back the disposition sig had before vigil_stop_signal_install. */
int vigil_stop_signal_restore(int sig)
{
    if (sig < 1 || sig > 31)
        return -EINVAL;
    return sigaction(sig, &stop_saved[sig], NULL) == 0 ? 0 : -errno;
}

/* The signals received since the last call, as a bit mask (bit n: signal n), cleared. */
unsigned int vigil_stop_signal_take(void)
{
    return __atomic_exchange_n(&stop_pending, 0u, __ATOMIC_SEQ_CST);
}
