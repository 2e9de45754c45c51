/*
 * trigger.c: the workflow release engineers paste as a script (get a CSRF crumb, POST to
 * /job/<name>/build, read the queue item), done through libjenkins_trigger.
 *
 * Usage: trigger <job full name or URL> [NAME=VALUE ...]
 * Environment: JENKINS_URL (required), JENKINS_USER_ID, and JENKINS_API_TOKEN (an API
 * token: no crumb needed) or JENKINS_PASSWORD (a password: a crumb is fetched first).
 * Exit status: 0 when queued, 2 for bad usage, 10 + JtStatus when the library fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jenkins_trigger.h"

#define LOG(...)                                                              \
    do {                                                                      \
        fprintf(stderr, "trigger: " __VA_ARGS__);                             \
        fputc('\n', stderr);                                                  \
    } while (0)

/* Prints the library's log messages (info and above) on stderr. */
static void print_log(void *userdata, JtLogLevel level, const char *message)
{
    static const char *const names[] = {"off", "error", "warn", "info", "debug"};
    (void)userdata;
    LOG("[%s] %s", level <= JT_LOG_DEBUG ? names[level] : "?", message);
}

/* Prints the library's error, frees it and gives the exit status for it. */
static int fail(const char *what, JtStatus status, JtError *error)
{
    LOG("%s failed (status %u, HTTP %u): %s", what, (unsigned)status,
        (unsigned)jt_error_http_status(error), jt_error_message(error));
    jt_error_free(error);
    return 10 + (int)status;
}

/* Sets the credentials the environment names; no credentials is anonymous. */
static JtStatus authenticate(JtClient *client, int *uses_token, JtError **error)
{
    const char *user = getenv("JENKINS_USER_ID");
    const char *token = getenv("JENKINS_API_TOKEN");
    const char *password = getenv("JENKINS_PASSWORD");

    *uses_token = 0;
    if (user == NULL || *user == '\0')
        return JT_OK;
    if (token != NULL && *token != '\0') {
        *uses_token = 1;
        return jt_client_set_api_token(client, user, token, error);
    }
    if (password != NULL)
        return jt_client_set_basic_auth(client, user, password, error);
    return JT_OK;
}

/* Splits NAME=VALUE arguments in place into two arrays. */
static int split_params(int count, char **args, const char **names,
                        const char **values)
{
    for (int i = 0; i < count; i++) {
        char *eq = strchr(args[i], '=');
        if (eq == NULL) {
            LOG("parameter '%s' is not NAME=VALUE", args[i]);
            return -1;
        }
        *eq = '\0';
        names[i] = args[i];
        values[i] = eq + 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *url = getenv("JENKINS_URL");
    JtClient *client = NULL;
    JtError *error = NULL;
    JtStatus status;
    int uses_token = 0;
    int code = 0;

    if (argc < 2 || url == NULL) {
        LOG("usage: JENKINS_URL=... [JENKINS_USER_ID=... JENKINS_API_TOKEN=...|"
            "JENKINS_PASSWORD=...] trigger <job> [NAME=VALUE ...]");
        return 2;
    }
    if (jt_abi_version() != JT_ABI_VERSION) {
        LOG("library ABI %u, header ABI %u", jt_abi_version(), JT_ABI_VERSION);
        return 2;
    }
    printf("jenkins_trigger %s (ABI %u)\n", jt_version(), jt_abi_version());
    status = jt_set_log_callback(print_log, NULL, JT_LOG_INFO, &error);
    if (status != JT_OK)
        return fail("jt_set_log_callback", status, error);

    int param_count = argc - 2;
    const char **names = calloc((size_t)param_count + 1, sizeof *names);
    const char **values = calloc((size_t)param_count + 1, sizeof *values);
    if (names == NULL || values == NULL ||
        split_params(param_count, argv + 2, names, values) != 0) {
        code = 2;
        goto out;
    }

    status = jt_client_new(url, &client, &error);
    if (status != JT_OK) {
        code = fail("jt_client_new", status, error);
        goto out;
    }
    status = authenticate(client, &uses_token, &error);
    if (status != JT_OK) {
        code = fail("setting credentials", status, error);
        goto out;
    }

    /* An API token needs no crumb; a password does, in the same session as the POST. */
    if (!uses_token) {
        char *field = NULL;
        char *crumb = NULL;
        status = jt_get_crumb(client, &field, &crumb, &error);
        if (status != JT_OK) {
            code = fail("jt_get_crumb", status, error);
            goto out;
        }
        if (field != NULL)
            printf("crumb: header %s (value not shown)\n", field);
        else
            printf("crumb: none, the controller issues no crumbs\n");
        jt_string_free(field);
        jt_string_free(crumb);
    }

    uint64_t queue_id = 0;
    char *queue_url = NULL;
    status = jt_trigger_build(client, argv[1], names, values, (size_t)param_count,
                              &queue_id, &queue_url, &error);
    if (status != JT_OK) {
        code = fail("jt_trigger_build", status, error);
        goto out;
    }
    printf("queued: id %llu at %s\n", (unsigned long long)queue_id, queue_url);
    jt_string_free(queue_url);

out:
    jt_client_free(client);
    free(names);
    free(values);
    return code;
}
