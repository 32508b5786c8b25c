/* replay_plot.c - a sweep's success curve for gnuplot (Debian
 * gnuplot-nox): the script carries its data inline, so it draws the same
 * PNG from any folder; the .dat beside it is the same table for other
 * tools. Drawn only when a .png is asked for and gnuplot can be run. */
#define _POSIX_C_SOURCE 200809L /* posix_spawnp */
#include <errno.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>

#include "replay_sweep.h"

extern char **environ;

static const char *const xlabels[] = {
    [REPLAY_KNOB_POLL_PERIOD] = "polling period (us)",
    [REPLAY_KNOB_ISR_LATENCY] = "ISR entry latency (us)",
    [REPLAY_KNOB_ISR_JITTER] = "ISR entry jitter (us)",
};

static void rows(FILE *f, const replay_sweep_t *s)
{
    for (int i = 0; i < s->spec.n; i++) {
        const replay_sweep_point_t *p = &s->p[i];
        fprintf(f, "%.9g %.9g %zu %zu %zu\n", (double)p->value / 1e3, 100 * replay_success(&p->a), p->a.agree,
                p->a.ideal, p->a.wrong);
    }
}

static int script(FILE *f, const replay_sweep_t *s, const char *png, const char *title)
{
    fprintf(f, "set terminal pngcairo size 900,560 font 'sans,10'\nset output '%s'\n", png);
    fprintf(f, "set title \"%s\" noenhanced\nset grid\nset key off\n", title);
    fprintf(f, "set xlabel '%s'\nset ylabel 'frames decoded as in the ideal run (%%)'\n", xlabels[s->spec.knob]);
    fprintf(f, "set yrange [-5:105]\n$success << EOD\n# value success_%% agree ideal wrong\n");
    rows(f, s);
    fprintf(f, "EOD\nplot $success using 1:2 with linespoints lw 2 pt 7\n");
    return ferror(f) ? -1 : 0;
}

static int write_file(const char *path, const replay_sweep_t *s, const char *png, const char *title)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int rc = png ? script(f, s, png, title) : 0;
    if (!png) {
        fprintf(f, "# value_us success_%% agree ideal wrong\n");
        rows(f, s);
    }
    rc = rc || ferror(f);
    return fclose(f) == 0 && rc == 0 ? 0 : -1;
}

/* gnuplot SCRIPT, waited for: 0, or -1 with the reason. */
static int draw(const char *gp, char *err, size_t len)
{
    pid_t pid;
    char *argv[] = {"gnuplot", (char *)gp, NULL};
    int rc = posix_spawnp(&pid, "gnuplot", NULL, NULL, argv, environ), status;
    if (rc != 0)
        return snprintf(err, len, "cannot run gnuplot (%s): apt-get install gnuplot-nox, or draw %s later",
                        strerror(rc), gp), -1;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return snprintf(err, len, "gnuplot failed on %s", gp), -1;
    return 0;
}

int replay_sweep_plot(const char *out, const replay_sweep_t *s, const char *title, char *err, size_t len)
{
    size_t n = strlen(out);
    bool png = n > 4 && strcmp(out + n - 4, ".png") == 0, gp = n > 3 && strcmp(out + n - 3, ".gp") == 0;
    if (!png && !gp)
        return snprintf(err, len, "--plot %s: name a .png (drawn) or a .gp (script and data only)", out), -1;
    char base[1024], script_path[1100], dat[1100], image[1100];
    snprintf(base, sizeof base, "%.*s", (int)(n - (png ? 4 : 3)), out);
    snprintf(script_path, sizeof script_path, "%s.gp", base);
    snprintf(dat, sizeof dat, "%s.dat", base);
    snprintf(image, sizeof image, "%s.png", base);
    if (write_file(script_path, s, image, title) || write_file(dat, s, NULL, NULL))
        return snprintf(err, len, "cannot write %s or %s: %s", script_path, dat, strerror(errno)), -1;
    return png ? draw(script_path, err, len) : 0;
}
