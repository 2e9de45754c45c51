/*
 * jenkins-build: trigger a Jenkins job, wait for it, stream its console to stdout and exit
 * with its result, the way `jenkins-cli build -s -v` does, through libjenkins_trigger.
 *
 * Usage: jenkins-build [-p NAME=VALUE]... [-t SECONDS] [-i MILLISECONDS] [-d SECONDS]
 *                      [-k TOKEN] [-s] [-q] JOB
 *   -p  a build parameter (repeatable)     -t  overall deadline, queue and build (600)
 *   -i  longest pause between polls (1000) -d  quiet period override in seconds
 *   -k  the job's remote trigger token     -s  stop the build (or cancel the queue item)
 *   -q  do not stream the console              when the deadline passes
 * Environment: JENKINS_URL, JENKINS_USER_ID, and JENKINS_API_TOKEN or JENKINS_PASSWORD.
 * Exit status: 0 SUCCESS, 1 UNSTABLE, 2 FAILURE, 3 NOT_BUILT, 4 ABORTED, 5 deadline passed,
 * 6 cancelled in the queue, 7 bad usage, 8 any other error (the message says which).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jenkins_trigger.h"

enum { EXIT_TIMEOUT = 5, EXIT_CANCELLED = 6, EXIT_USAGE = 7, EXIT_ERROR = 8 };

#define LOG(...)                                                              \
    do {                                                                      \
        fprintf(stderr, "jenkins-build: " __VA_ARGS__);                       \
        fputc('\n', stderr);                                                  \
    } while (0)

struct options {
    const char *job;
    const char **names;
    const char **values;
    size_t count;
    uint64_t deadline_ms;
    uint64_t poll_ms;
    long delay;
    const char *token;
    int stop_on_timeout;
    int quiet;
};

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void sleep_ms(uint64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Reports a failed call and maps its status onto the exit status. */
static int fail(const char *what, JtStatus status, JtError *error)
{
    LOG("%s: %s", what, jt_error_message(error));
    jt_error_free(error);
    if (status == JT_TIMEOUT)
        return EXIT_TIMEOUT;
    return status == JT_CANCELLED ? EXIT_CANCELLED : EXIT_ERROR;
}

static int parse(int argc, char **argv, struct options *o)
{
    int c;

    o->names = calloc((size_t)argc, sizeof *o->names);
    o->values = calloc((size_t)argc, sizeof *o->values);
    if (o->names == NULL || o->values == NULL)
        return -1;
    while ((c = getopt(argc, argv, "p:t:i:d:k:sq")) != -1) {
        char *eq;
        switch (c) {
        case 'p':
            eq = strchr(optarg, '=');
            if (eq == NULL) {
                LOG("-p %s: give NAME=VALUE", optarg);
                return -1;
            }
            *eq = '\0';
            o->names[o->count] = optarg;
            o->values[o->count++] = eq + 1;
            break;
        case 't': o->deadline_ms = strtoull(optarg, NULL, 10) * 1000u; break;
        case 'i': o->poll_ms = strtoull(optarg, NULL, 10); break;
        case 'd': o->delay = strtol(optarg, NULL, 10); break;
        case 'k': o->token = optarg; break;
        case 's': o->stop_on_timeout = 1; break;
        case 'q': o->quiet = 1; break;
        default: return -1;
        }
    }
    if (optind != argc - 1 || o->deadline_ms == 0 || o->poll_ms == 0 || o->delay < -1) {
        LOG("usage: jenkins-build [-p NAME=VALUE]... [-t SECONDS] [-i MILLISECONDS] "
            "[-d SECONDS] [-k TOKEN] [-s] [-q] JOB");
        return -1;
    }
    o->job = argv[optind];
    return 0;
}

static JtStatus connect_client(const struct options *o, JtClient **client, JtError **error)
{
    const char *url = getenv("JENKINS_URL");
    const char *user = getenv("JENKINS_USER_ID");
    const char *token = getenv("JENKINS_API_TOKEN");
    const char *password = getenv("JENKINS_PASSWORD");
    JtStatus s = jt_client_new(url != NULL ? url : "", client, error);

    if (s == JT_OK)
        s = jt_client_set_poll_interval_ms(*client, o->poll_ms, error);
    if (s != JT_OK || user == NULL || *user == '\0')
        return s;
    if (token != NULL && *token != '\0')
        return jt_client_set_api_token(*client, user, token, error);
    return jt_client_set_basic_auth(*client, user, password != NULL ? password : "", error);
}

static JtStatus trigger(JtClient *client, const struct options *o, uint64_t *queue_id,
                        JtError **error)
{
    JtTriggerOptions *options = NULL;
    char *queue_url = NULL;
    JtStatus s = jt_trigger_options_new(&options, error);

    if (s == JT_OK && o->delay >= 0)
        s = jt_trigger_options_set_delay(options, (uint64_t)o->delay, error);
    if (s == JT_OK && o->token != NULL)
        s = jt_trigger_options_set_token(options, o->token, error);
    if (s == JT_OK)
        s = jt_trigger_build_with_options(client, o->job, o->names, o->values, o->count,
                                          options, queue_id, &queue_url, error);
    if (s == JT_OK)
        LOG("queued as %s", queue_url);
    jt_string_free(queue_url);
    jt_trigger_options_free(options);
    return s;
}

/* Streams the console until the build stops writing or the deadline passes. */
static JtStatus stream(JtClient *client, const char *build_url, const struct options *o,
                       uint64_t deadline, JtError **error)
{
    uint64_t start = 0;
    bool more = true;

    while (more) {
        char *text = NULL;
        JtStatus s = jt_read_console(client, build_url, start, &text, &start, &more, error);
        if (s != JT_OK)
            return s;
        fputs(text, stdout);
        fflush(stdout);
        jt_string_free(text);
        if (more && now_ms() >= deadline)
            return JT_TIMEOUT;
        if (more)
            sleep_ms(o->poll_ms);
    }
    return JT_OK;
}

int main(int argc, char **argv)
{
    static const char *const results[] = {"NONE", "SUCCESS", "UNSTABLE", "FAILURE",
                                          "NOT_BUILT", "ABORTED"};
    struct options o = {NULL, NULL, NULL, 0, 600000u, 1000u, -1, NULL, 0, 0};
    JtClient *client = NULL;
    JtError *error = NULL;
    char *build_url = NULL;
    uint64_t queue_id = 0;
    int64_t number = 0;
    JtBuildResult result = JT_RESULT_NONE;
    JtStatus s;
    int code = EXIT_ERROR;

    if (parse(argc, argv, &o) != 0) {
        code = EXIT_USAGE;
        goto out;
    }
    uint64_t deadline = now_ms() + o.deadline_ms;

    if ((s = connect_client(&o, &client, &error)) != JT_OK) {
        code = fail("connecting", s, error);
        goto out;
    }
    if ((s = trigger(client, &o, &queue_id, &error)) != JT_OK) {
        code = fail("triggering", s, error);
        goto out;
    }
    s = jt_wait_for_start(client, queue_id, deadline - now_ms(), &number, &build_url, &error);
    if (s != JT_OK) {
        code = fail("waiting for the build to start", s, error);
        if (code == EXIT_TIMEOUT && o.stop_on_timeout &&
            jt_cancel_queue_item(client, queue_id, &error) != JT_OK)
            fail("cancelling the queue item", JT_HTTP, error);
        goto out;
    }
    LOG("started as #%lld: %s", (long long)number, build_url);

    s = o.quiet ? JT_OK : stream(client, build_url, &o, deadline, &error);
    if (s == JT_OK) {
        uint64_t left = deadline > now_ms() ? deadline - now_ms() : 0;
        s = jt_wait_for_build(client, build_url, left, &result, &error);
    }
    if (s == JT_TIMEOUT) {
        code = error != NULL ? fail("waiting for the result", s, error) : EXIT_TIMEOUT;
        if (error == NULL)
            LOG("the deadline passed; %s is still running", build_url);
        if (o.stop_on_timeout && jt_stop_build(client, build_url, &error) != JT_OK)
            fail("stopping the build", JT_HTTP, error);
        else if (o.stop_on_timeout)
            LOG("asked Jenkins to stop %s", build_url);
        goto out;
    }
    if (s != JT_OK) {
        code = fail("following the build", s, error);
        goto out;
    }
    LOG("%s #%lld finished: %s", o.job, (long long)number, results[result]);
    code = (int)result - 1;

out:
    jt_string_free(build_url);
    jt_client_free(client);
    free(o.names);
    free(o.values);
    return code;
}
