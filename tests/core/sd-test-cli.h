/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* shopdesk-cli as a user runs it: the built binary in a process of its own, its exit
 * status and its output. Shared by the tests of the CLI; static, so each test program
 * gets its own copy. */

#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sd-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static inline void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static inline char *
cli_path (void)
{
  const char *root = g_getenv ("SHOPDESK_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "src", "cli", "shopdesk-cli", NULL);
}

/* In the child: a session of its own, without a controlling terminal, so that a prompt
 * for a password fails at once instead of waiting on the terminal of whoever runs the
 * tests. */
static inline void
cli_detach_cb (gpointer user_data)
{
  setsid ();
}

/* Runs shopdesk-cli with ARGS (NULL-terminated), the shop at DB when not NULL, logged in
 * as the owner through SHOPDESK_USER and SHOPDESK_PASSWORD unless ENV (NULL-terminated
 * "NAME=VALUE" to set, "NAME" to unset) says otherwise. */
static inline void
run_cli (Result             *r,
         const char         *db,
         const char * const *env_changes,
         const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GString) line = g_string_new ("shopdesk-cli");
  int wait_status = 0;

  g_ptr_array_add (argv, cli_path ());
  if (db != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--db"));
      g_ptr_array_add (argv, g_strdup (db));
    }
  for (guint i = 0; args[i] != NULL; i++)
    {
      g_ptr_array_add (argv, g_strdup (args[i]));
      g_string_append_printf (line, " %s", args[i]);
    }
  g_ptr_array_add (argv, NULL);

  env = g_environ_unsetenv (env, "SHOPDESK_DB");
  env = g_environ_unsetenv (env, "SHOPDESK_NEW_PASSWORD");
  env = g_environ_setenv (env, "SHOPDESK_USER", SD_TEST_OWNER, TRUE);
  env = g_environ_setenv (env, "SHOPDESK_PASSWORD", SD_TEST_PASSWORD, TRUE);
  env = g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);
  /* In the sanitizer build, LeakSanitizer of clang 14 crashes in its own tracer at the exit
   * of some CLI runs (a bogus dynamic-TLS block of one of the many libraries the CLI now
   * loads: "Tracer caught signal 11", "DTLS … at 0x…167"), which kills the child however
   * clean it is. Leaks stay checked in every test program itself; the CLI children run
   * with AddressSanitizer and UBSan but without the leak pass. */
  if (g_environ_getenv (env, "ASAN_OPTIONS") != NULL)
    {
      g_autofree char *options = g_strconcat (g_environ_getenv (env, "ASAN_OPTIONS"), ":detect_leaks=0", NULL);
      env = g_environ_setenv (env, "ASAN_OPTIONS", options, TRUE);
    }
  env = g_environ_unsetenv (env, "LC_ALL");
  env = g_environ_unsetenv (env, "LANGUAGE");
  for (guint i = 0; env_changes && env_changes[i]; i++)
    {
      const char *eq = strchr (env_changes[i], '=');
      if (eq == NULL)
        env = g_environ_unsetenv (env, env_changes[i]);
      else
        {
          g_autofree char *name = g_strndup (env_changes[i], (gsize) (eq - env_changes[i]));
          env = g_environ_setenv (env, name, eq + 1, TRUE);
        }
      g_string_prepend (line, " ");
      g_string_prepend (line, env_changes[i]);
    }

  result_clear (r);
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, cli_detach_cb, NULL, &r->out, &r->err,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r->status = WEXITSTATUS (wait_status);
  g_test_message ("%s → %d\nstdout: %s\nstderr: %s", line->str, r->status, r->out, r->err);
}

static inline void
run_argv (Result             *r,
          const char         *db,
          const char * const *args)
{
  run_cli (r, db, NULL, args);
}

#define RUN(r, db, ...) \
  G_STMT_START { \
    const char * const _args[] = { __VA_ARGS__, NULL }; \
    run_cli ((r), (db), NULL, _args); \
  } G_STMT_END

/* ENV: a NULL-terminated array of "NAME=VALUE" or "NAME". */
#define RUN_ENV(r, db, env, ...) \
  G_STMT_START { \
    const char * const _args[] = { __VA_ARGS__, NULL }; \
    run_cli ((r), (db), (env), _args); \
  } G_STMT_END

/* As the account USER with PASSWORD. */
#define RUN_AS(r, db, user, password, ...) \
  G_STMT_START { \
    g_autofree char *_user = g_strconcat ("SHOPDESK_USER=", (user), NULL); \
    g_autofree char *_password = g_strconcat ("SHOPDESK_PASSWORD=", (password), NULL); \
    const char * const _env[] = { _user, _password, NULL }; \
    const char * const _args[] = { __VA_ARGS__, NULL }; \
    run_cli ((r), (db), _env, _args); \
  } G_STMT_END

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      { \
        g_test_message ("“%s” does not contain “%s”", (haystack), (needle)); \
        g_assert_nonnull (strstr ((haystack), (needle))); \
      } \
  } G_STMT_END

#define assert_not_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) != NULL) \
      { \
        g_test_message ("“%s” contains “%s”", (haystack), (needle)); \
        g_assert_null (strstr ((haystack), (needle))); \
      } \
  } G_STMT_END

/* A new shop at DB, made by `init`, whose owner is SD_TEST_OWNER with SD_TEST_PASSWORD. */
static inline void
cli_init_shop (const char *db)
{
  g_auto(Result) r = { 0 };

  RUN (&r, db, "init", "--shop", "测试店", "--owner", SD_TEST_OWNER);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
}

/* A role ROLE with PERMISSIONS ("customers.view,…") and a sub-account LOGIN holding it,
 * its first password already changed to PASSWORD, made through the CLI as a shop does. */
static inline void
cli_add_staff (const char *db,
               const char *role,
               const char *permissions,
               const char *login,
               const char *password)
{
  g_auto(Result) r = { 0 };
  g_autofree char *user = g_strconcat ("SHOPDESK_USER=", login, NULL);
  g_autofree char *new_password = g_strconcat ("SHOPDESK_NEW_PASSWORD=", password, NULL);
  const char * const first[] = { "SHOPDESK_NEW_PASSWORD=first pass 1", NULL };
  const char * const change[] = { user, "SHOPDESK_PASSWORD=first pass 1", new_password, NULL };

  RUN (&r, db, "roles", "create", role, "--permissions", permissions);
  g_assert_cmpint (r.status, ==, 0);
  RUN_ENV (&r, db, first, "staff", "add", login, "--role", role);
  g_assert_cmpint (r.status, ==, 0);
  RUN_ENV (&r, db, change, "passwd");
  g_assert_cmpint (r.status, ==, 0);
}

static inline JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

/* One test's directory, removed after it, and the path of a shop in it. */
typedef struct
{
  char *dir;
  char *db;
} CliFixture;

/* The directory, the shop not made yet: for the tests of `init` and of no shop at all. */
static inline void
cli_fixture_setup (CliFixture    *f,
                   gconstpointer  data)
{
  f->dir = sd_test_make_dir ();
  f->db = sd_test_shop_where (f->dir, "shop.db");
}

/* The directory and the shop, made by `init` (cli_init_shop). */
static inline void
cli_fixture_setup_shop (CliFixture    *f,
                        gconstpointer  data)
{
  cli_fixture_setup (f, data);
  cli_init_shop (f->db);
}

static inline void
cli_fixture_teardown (CliFixture    *f,
                      gconstpointer  data)
{
  sd_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->db, g_free);
}

/* The path of NAME in the test's directory. */
static inline char *
cli_fixture_file (CliFixture *f,
                  const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* A file NAME in the test's directory holding TEXT; its path. */
static inline char *
cli_write_file (CliFixture *f,
                const char *name,
                const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = cli_fixture_file (f, name);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* What the file at PATH (one the CLI wrote) holds. */
static inline char *
cli_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

G_END_DECLS
