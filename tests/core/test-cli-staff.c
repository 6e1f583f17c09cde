/* SPDX-License-Identifier: GPL-3.0-or-later */
/* posix_openpt (), grantpt (), unlockpt (), ptsname () */
#define _GNU_SOURCE

#include "sd-test-util.h"
#include "sd-test-cli.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>

#include "sd-db.h"
#include "sd-permission.h"

/* shopdesk-cli with accounts: init and login, staff, roles, what each permission lets an
 * account do from the command line, masking, and the audit log. */

#define CLERK "clerk"
#define CLERK_FIRST_PASSWORD "first pass 1"
#define CLERK_PASSWORD "clerk pass 22"
#define HELPER "helper"

/* Every test works on a shop made by `init`, in a directory of its own (sd-test-cli.h). */
typedef CliFixture Fixture;

static const char customers_csv[] =
  "nick,name,phone,province,city,district,address,tags\n"
  "tb_wang,王小明,13812341234,浙江省,杭州市,西湖区,文三路100号,VIP\n"
  "tb_li,李四,13900001111,江苏省,南京市,鼓楼区,中山路1号,\n"
  "tb_zhao,赵敏,,广东省,广州市,天河区,天河路88号,\n";

/* Every permission id, comma-separated. */
static char *
all_permissions (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
    g_string_append_printf (out, "%s%s", out->len ? "," : "", sd_permission_to_string (p));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The fixture's shop with three customers, a role 店员 holding every permission, the
 * account CLERK in it (its first password already changed) and HELPER, a pre-sales agent. */
static void
staff_shop (Fixture *f)
{
  g_autofree char *csv = cli_write_file (f, "customers.csv", customers_csv);
  g_autofree char *all = all_permissions ();
  g_auto(Result) r = { 0 };

  RUN (&r, f->db, "import", "customers", csv);
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "roles", "create", "店员", "--permissions", all);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "店员");
  {
    const char * const env[] = { "SHOPDESK_NEW_PASSWORD=" CLERK_FIRST_PASSWORD, NULL };
    RUN_ENV (&r, f->db, env, "staff", "add", CLERK, "--name", "小林", "--department", "售前", "--role", "店员");
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "测试店:" CLERK);
    RUN_ENV (&r, f->db, env, "staff", "add", HELPER, "--role", "presales");
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    const char * const env[] = { "SHOPDESK_USER=" CLERK, "SHOPDESK_PASSWORD=" CLERK_FIRST_PASSWORD,
                                 "SHOPDESK_NEW_PASSWORD=" CLERK_PASSWORD, NULL };
    RUN_ENV (&r, f->db, env, "passwd");
    g_assert_cmpint (r.status, ==, 0);
  }
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "customers", "count");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "3\n");
}

/* ---- init and login ---- */

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  /* The fixture's init; SHOPDESK_USER or --user, in either spelling. */
  RUN (&r, f->db, "customers", "count");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "0\n");
  {
    const char * const env[] = { "SHOPDESK_USER", NULL };
    const char * const args[] = { "--user", SD_TEST_OWNER, "--db", f->db, "customers", "count", NULL };
    const char * const args2[] = { "--user=" SD_TEST_OWNER, "--db", f->db, "customers", "count", NULL };
    run_cli (&r, NULL, env, args);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "0\n");
    run_cli (&r, NULL, env, args2);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "0\n");
  }

  /* A wrong password: refused, nothing on standard output. */
  RUN_AS (&r, f->db, SD_TEST_OWNER, "wrong horse 1", "customers", "count");
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "password is wrong");
  RUN_AS (&r, f->db, "nobody", SD_TEST_PASSWORD, "customers", "list", "--json");
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "password is wrong");

  /* No name. */
  {
    const char * const env[] = { "SHOPDESK_USER", NULL };
    RUN_ENV (&r, f->db, env, "customers", "count");
    g_assert_cmpint (r.status, ==, 3);
    g_assert_cmpstr (r.out, ==, "");
    assert_contains (r.err, "--user NAME");
  }
  /* No password, and no terminal to ask on. */
  {
    const char * const env[] = { "SHOPDESK_PASSWORD", NULL };
    RUN_ENV (&r, f->db, env, "customers", "count");
    g_assert_cmpint (r.status, ==, 3);
    g_assert_cmpstr (r.out, ==, "");
    assert_contains (r.err, "No password: set SHOPDESK_PASSWORD or run on a terminal");
  }

  /* The shop cannot be made twice. */
  RUN (&r, f->db, "init", "--shop", "另一家", "--owner", "boss");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "accounts already");

  /* Wrong passwords in a row lock the account; the right one no longer helps. */
  for (int i = 0; i < 5; i++)
    {
      RUN_AS (&r, f->db, SD_TEST_OWNER, "wrong horse 1", "customers", "count");
      g_assert_cmpint (r.status, ==, 3);
    }
  RUN (&r, f->db, "customers", "count");
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "locked");
}

static void
test_missing_shop (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *missing = g_build_filename (f->dir, "typo.db", NULL);

  RUN (&r, missing, "customers", "count");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, missing);
  assert_contains (r.err, "init --shop NAME --owner NAME");
  RUN (&r, missing, "audit", "verify");
  g_assert_cmpint (r.status, ==, 1);
  RUN (&r, missing, "passwd");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* A password too short: no shop either. */
  {
    const char * const env[] = { "SHOPDESK_PASSWORD=short", NULL };
    RUN_ENV (&r, missing, env, "init", "--shop", "店", "--owner", "boss");
    g_assert_cmpint (r.status, ==, 1);
    g_assert_cmpstr (r.out, ==, "");
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
  /* Nor without a password. */
  {
    const char * const env[] = { "SHOPDESK_PASSWORD", NULL };
    RUN_ENV (&r, missing, env, "init", "--shop", "店", "--owner", "boss");
    g_assert_cmpint (r.status, ==, 3);
    assert_contains (r.err, "SHOPDESK_PASSWORD");
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
  /* Then made, and logged in to. */
  RUN (&r, missing, "init", "--shop", "店", "--owner", "boss");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "--user boss");
  RUN_AS (&r, missing, "boss", SD_TEST_PASSWORD, "customers", "count");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "0\n");
}

/* A shop from before accounts: nobody can log in until its owner claims it with init. */
static void
test_claim_old_shop (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *old = g_build_filename (f->dir, "old.db", NULL);
  g_autofree char *csv = cli_write_file (f, "customers.csv", customers_csv);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdDb) db = sd_db_open (old, &error);
    g_assert_no_error (error);
  }

  RUN (&r, old, "customers", "count");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "no accounts");
  assert_contains (r.err, "init --owner NAME");

  RUN (&r, old, "init", "--owner", "boss");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "boss");
  RUN_AS (&r, old, "boss", SD_TEST_PASSWORD, "import", "customers", csv);
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, old, "boss", SD_TEST_PASSWORD, "customers", "count");
  g_assert_cmpstr (r.out, ==, "3\n");
  RUN (&r, old, "init", "--owner", "thief");
  g_assert_cmpint (r.status, ==, 1);
  RUN_AS (&r, old, "thief", SD_TEST_PASSWORD, "customers", "count");
  g_assert_cmpint (r.status, ==, 3);
}

/* ---- the password prompt, on a terminal of the test's own ---- */

typedef struct
{
  int    master;
  int    slave;       /* the parent's, to read the terminal's mode */
  char  *slave_name;
  GPid   pid;
  int    out_fd;
  GString *screen;    /* what the terminal showed */
} Terminal;

static void
terminal_child_cb (gpointer user_data)
{
  Terminal *t = user_data;
  int fd;

  /* A session whose controlling terminal is the pty. */
  setsid ();
  fd = open (t->slave_name, O_RDWR);
  if (fd >= 0)
    {
      ioctl (fd, TIOCSCTTY, 0);
      close (fd);
    }
}

static void
terminal_start (Terminal           *t,
                const char         *db,
                const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) env = g_get_environ ();

  t->master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (t->master, >=, 0);
  g_assert_cmpint (grantpt (t->master), ==, 0);
  g_assert_cmpint (unlockpt (t->master), ==, 0);
  t->slave_name = g_strdup (ptsname (t->master));
  t->slave = open (t->slave_name, O_RDWR | O_NOCTTY);
  g_assert_cmpint (t->slave, >=, 0);
  t->screen = g_string_new (NULL);

  g_ptr_array_add (argv, cli_path ());
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (db));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "SHOPDESK_USER", SD_TEST_OWNER, TRUE);
  env = g_environ_unsetenv (env, "SHOPDESK_PASSWORD");
  env = g_environ_unsetenv (env, "SHOPDESK_DB");
  env = g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);

  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                            terminal_child_cb, t, &t->pid, NULL, &t->out_fd, NULL, &error);
  g_assert_no_error (error);
}

/* Reads what the terminal shows until NEEDLE appears (or 20 s pass). */
static void
terminal_wait_for (Terminal   *t,
                   const char *needle)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (strstr (t->screen->str, needle) == NULL)
    {
      struct pollfd pfd = { t->master, POLLIN, 0 };
      char buffer[256];
      ssize_t n;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (poll (&pfd, 1, 100) <= 0)
        continue;
      n = read (t->master, buffer, sizeof buffer);
      if (n <= 0)
        break;
      g_string_append_len (t->screen, buffer, n);
    }
  g_test_message ("the terminal shows: %s", t->screen->str);
  assert_contains (t->screen->str, needle);
}

static void
terminal_type (Terminal   *t,
               const char *text)
{
  g_assert_cmpint (write (t->master, text, strlen (text)), ==, (gssize) strlen (text));
}

/* Waits for the program; its standard output in *OUT_TEXT. */
static int
terminal_finish (Terminal  *t,
                 char     **out_text)
{
  GString *out = g_string_new (NULL);
  int status = 0;
  char buffer[256];
  ssize_t n;

  while ((n = read (t->out_fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (out, buffer, n);
  g_assert_cmpint (waitpid (t->pid, &status, 0), ==, t->pid);
  g_spawn_close_pid (t->pid);
  /* The rest the terminal showed. */
  for (;;)
    {
      struct pollfd pfd = { t->master, POLLIN, 0 };
      if (poll (&pfd, 1, 0) <= 0 || (n = read (t->master, buffer, sizeof buffer)) <= 0)
        break;
      g_string_append_len (t->screen, buffer, n);
    }
  close (t->out_fd);
  *out_text = g_string_free (out, FALSE);
  return status;
}

static gboolean
terminal_echoes (Terminal *t)
{
  struct termios mode;

  g_assert_cmpint (tcgetattr (t->slave, &mode), ==, 0);
  return (mode.c_lflag & ECHO) != 0;
}

static void
terminal_close (Terminal *t)
{
  close (t->slave);
  close (t->master);
  g_free (t->slave_name);
  g_string_free (t->screen, TRUE);
}

static void
test_prompt (Fixture       *f,
             gconstpointer  data)
{
  /* The password typed on the terminal, not shown; the terminal echoes again after. */
  {
    Terminal t = { 0 };
    const char * const args[] = { "customers", "count", NULL };
    g_autofree char *out = NULL;
    int status;

    terminal_start (&t, f->db, args);
    terminal_wait_for (&t, "Password for " SD_TEST_OWNER ": ");
    g_assert_false (terminal_echoes (&t));
    terminal_type (&t, SD_TEST_PASSWORD "\n");
    status = terminal_finish (&t, &out);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    g_assert_cmpstr (out, ==, "0\n");
    assert_not_contains (t.screen->str, "horse");
    g_assert_true (terminal_echoes (&t));
    terminal_close (&t);
  }

  /* Ctrl+C at the prompt: the program ends, the terminal echoes again. */
  {
    Terminal t = { 0 };
    const char * const args[] = { "customers", "count", NULL };
    g_autofree char *out = NULL;
    int status;

    terminal_start (&t, f->db, args);
    terminal_wait_for (&t, "Password for ");
    g_assert_false (terminal_echoes (&t));
    terminal_type (&t, "corr\003");
    status = terminal_finish (&t, &out);
    g_assert_true (WIFSIGNALED (status));
    g_assert_cmpint (WTERMSIG (status), ==, SIGINT);
    g_assert_cmpstr (out, ==, "");
    g_assert_true (terminal_echoes (&t));
    terminal_close (&t);
  }

  /* A new password is asked twice; two that differ change nothing. */
  {
    Terminal t = { 0 };
    const char * const args[] = { "passwd", NULL };
    g_autofree char *out = NULL;
    int status;

    terminal_start (&t, f->db, args);
    terminal_wait_for (&t, "Password for ");
    terminal_type (&t, SD_TEST_PASSWORD "\n");
    terminal_wait_for (&t, "New password: ");
    terminal_type (&t, "brand new 1\n");
    terminal_wait_for (&t, "again: ");
    terminal_type (&t, "brand new 2\n");
    status = terminal_finish (&t, &out);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 1);
    assert_not_contains (t.screen->str, "brand");
    g_assert_true (terminal_echoes (&t));
    terminal_close (&t);
  }
  {
    g_auto(Result) r = { 0 };
    RUN (&r, f->db, "customers", "count");
    g_assert_cmpint (r.status, ==, 0);
  }
}

/* ---- staff ---- */

static JsonObject *
find_account (JsonArray  *accounts,
              const char *login)
{
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *a = json_array_get_object_element (accounts, i);
      if (g_str_equal (json_object_get_string_member (a, "login"), login))
        return a;
    }
  return NULL;
}

static JsonNode *
show_account (Fixture    *f,
              const char *name)
{
  g_auto(Result) r = { 0 };

  RUN (&r, f->db, "staff", "show", name, "--json");
  g_assert_cmpint (r.status, ==, 0);
  return parse_json (r.out);
}

static void
test_staff (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  const char * const new_password[] = { "SHOPDESK_NEW_PASSWORD=" CLERK_FIRST_PASSWORD, NULL };

  staff_shop (f);

  /* Names the core refuses, with its reason, before any password is asked for. */
  RUN_ENV (&r, f->db, new_password, "staff", "add", "13812341234", "--role", "presales");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "is all digits");
  {
    const char * const no_password[] = { "SHOPDESK_NEW_PASSWORD", NULL };
    RUN_ENV (&r, f->db, no_password, "staff", "add", "一二三四五六七八九十一二", "--role", "presales");
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.err, "at most 30");
    RUN_ENV (&r, f->db, no_password, "staff", "add", "小王", "--role", "presales");
    g_assert_cmpint (r.status, ==, 3);
    assert_contains (r.err, "No password: set SHOPDESK_NEW_PASSWORD");
  }
  RUN_ENV (&r, f->db, new_password, "staff", "add", "小王", "--role", "客服总监");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "客服总监");
  RUN_ENV (&r, f->db, new_password, "staff", "add", "小王", "--role", "presales", "--department", "后勤");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "后勤");
  RUN_ENV (&r, f->db, new_password, "staff", "add", CLERK, "--role", "presales");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "taken");
  {
    const char * const short_password[] = { "SHOPDESK_NEW_PASSWORD=short", NULL };
    RUN_ENV (&r, f->db, short_password, "staff", "add", "小王", "--role", "presales");
    g_assert_cmpint (r.status, ==, 1);
  }
  RUN (&r, f->db, "staff", "show", "小王");
  g_assert_cmpint (r.status, ==, 1);

  /* The list: every account, with department, role and status. */
  RUN (&r, f->db, "staff", "list");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Department");
  assert_contains (r.out, "测试店:" CLERK);
  assert_contains (r.out, "小林");
  assert_contains (r.out, "店员");
  assert_contains (r.out, "must change password");
  RUN (&r, f->db, "staff", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonArray *accounts = json_node_get_array (root);
    JsonObject *owner = find_account (accounts, SD_TEST_OWNER);
    JsonObject *clerk = find_account (accounts, CLERK);
    JsonObject *helper = find_account (accounts, HELPER);

    g_assert_cmpuint (json_array_get_length (accounts), ==, 3);
    g_assert_nonnull (owner);
    g_assert_nonnull (clerk);
    g_assert_nonnull (helper);
    g_assert_true (json_object_get_boolean_member (owner, "is_owner"));
    g_assert_cmpstr (json_object_get_string_member (owner, "role_key"), ==, "owner");
    g_assert_cmpstr (json_object_get_string_member (clerk, "full_name"), ==, "测试店:" CLERK);
    g_assert_cmpstr (json_object_get_string_member (clerk, "display_name"), ==, "小林");
    g_assert_cmpstr (json_object_get_string_member (clerk, "role"), ==, "店员");
    g_assert_cmpstr (json_object_get_string_member (clerk, "status"), ==, "active");
    g_assert_false (json_object_get_boolean_member (clerk, "must_change_password"));
    g_assert_nonnull (json_object_get_string_member (clerk, "last_login_at"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (clerk, "permissions")), ==,
                      SD_PERMISSION_N);
    g_assert_true (json_object_get_boolean_member (helper, "must_change_password"));
    g_assert_cmpstr (json_object_get_string_member (helper, "display_name"), ==, HELPER);
  }

  /* Changes, each seen in show. The account is found by login, full name or id. */
  RUN (&r, f->db, "staff", "set-role", "测试店:" CLERK, "aftersales");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "staff", "set-department", CLERK, "售后");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "staff", "set-name", CLERK, "林小林");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) node = show_account (f, CLERK);
    JsonObject *clerk = json_node_get_object (node);
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (clerk, "id"));
    g_autoptr(JsonNode) again = show_account (f, id);

    g_assert_cmpstr (json_object_get_string_member (clerk, "role_key"), ==, "aftersales");
    g_assert_cmpstr (json_object_get_string_member (clerk, "department"), ==, "After-sales");
    g_assert_cmpstr (json_object_get_string_member (clerk, "display_name"), ==, "林小林");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (again), "login"), ==, CLERK);
  }
  RUN (&r, f->db, "staff", "show", CLERK);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "aftersales");
  assert_contains (r.out, "cases.handle");

  /* A disabled account cannot log in; enabled, it can. */
  RUN (&r, f->db, "staff", "disable", CLERK);
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "customers", "count");
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "disabled");
  RUN (&r, f->db, "staff", "list");
  assert_contains (r.out, "Disabled");
  RUN (&r, f->db, "staff", "enable", CLERK);
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, "测试店:" CLERK, CLERK_PASSWORD, "customers", "count");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "3\n");

  /* Nobody disables themselves, nor changes their own role. */
  RUN (&r, f->db, "staff", "disable", SD_TEST_OWNER);
  g_assert_cmpint (r.status, ==, 3);
  RUN (&r, f->db, "staff", "set-role", SD_TEST_OWNER, "presales");
  g_assert_cmpint (r.status, ==, 3);
  RUN (&r, f->db, "staff", "show", "nobody");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "nobody");

  /* Departments. */
  RUN (&r, f->db, "departments", "add", "客服部");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "departments", "rename", "客服部", "售前二组");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "departments", "remove", "售后");
  g_assert_cmpint (r.status, ==, 1);      /* the clerk is in it */
  RUN (&r, f->db, "departments", "remove", "售前二组");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "departments", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_not_contains (r.out, "售前二组");
  assert_contains (r.out, "After-sales");
}

static void
test_reset_password (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  staff_shop (f);
  {
    const char * const env[] = { "SHOPDESK_NEW_PASSWORD=temporary 1", NULL };
    RUN_ENV (&r, f->db, env, "staff", "reset-password", CLERK);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "测试店:" CLERK);
  }

  /* The old password is gone; the new one allows nothing but passwd. */
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "customers", "count");
  g_assert_cmpint (r.status, ==, 3);
  RUN_AS (&r, f->db, CLERK, "temporary 1", "customers", "count");
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "must change its password");
  assert_contains (r.err, "passwd");
  RUN_AS (&r, f->db, CLERK, "temporary 1", "export", "customers");
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpstr (r.out, ==, "");
  RUN_AS (&r, f->db, CLERK, "temporary 1", "audit", "list");
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpstr (r.out, ==, "");

  /* passwd: the current password must be right, the new one differ from it. */
  {
    const char * const env[] = { "SHOPDESK_USER=" CLERK, "SHOPDESK_PASSWORD=temporary 1",
                                 "SHOPDESK_NEW_PASSWORD=temporary 1", NULL };
    RUN_ENV (&r, f->db, env, "passwd");
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.err, "same");
  }
  {
    const char * const env[] = { "SHOPDESK_USER=" CLERK, "SHOPDESK_PASSWORD=temporary 2",
                                 "SHOPDESK_NEW_PASSWORD=final pass 3", NULL };
    RUN_ENV (&r, f->db, env, "passwd");
    g_assert_cmpint (r.status, ==, 3);
  }
  {
    const char * const env[] = { "SHOPDESK_USER=" CLERK, "SHOPDESK_PASSWORD=temporary 1",
                                 "SHOPDESK_NEW_PASSWORD", NULL };
    RUN_ENV (&r, f->db, env, "passwd");
    g_assert_cmpint (r.status, ==, 3);
    assert_contains (r.err, "SHOPDESK_NEW_PASSWORD");
  }
  {
    const char * const env[] = { "SHOPDESK_USER=" CLERK, "SHOPDESK_PASSWORD=temporary 1",
                                 "SHOPDESK_NEW_PASSWORD=final pass 3", NULL };
    RUN_ENV (&r, f->db, env, "passwd");
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "Changed the password");
  }
  RUN_AS (&r, f->db, CLERK, "final pass 3", "customers", "count");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "3\n");

  RUN (&r, f->db, "audit", "list", "--user", CLERK, "--action", "password.", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonArray *entries = json_node_get_array (root);
    /* The first password's change, then the reset one's. */
    g_assert_cmpuint (json_array_get_length (entries), ==, 2);
    for (guint i = 0; i < 2; i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, i), "action"), ==,
                       "password.change");
  }
  RUN (&r, f->db, "audit", "list", "--action", "password.reset");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "password.reset");
}

/* ---- roles ---- */

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  RUN (&r, f->db, "roles", "list");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Owner");
  assert_contains (r.out, "presales");
  RUN (&r, f->db, "roles", "show", "presales");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "customers.view");
  assert_contains (r.out, "View customers");
  assert_not_contains (r.out, "customers.contact");

  RUN (&r, f->db, "roles", "create", "质检", "--permissions", "customers.view,audit.view");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "roles", "create", "质检");
  g_assert_cmpint (r.status, ==, 1);
  RUN (&r, f->db, "roles", "grant", "质检", "customers.export", "customers.contact,customers.edit");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "roles", "revoke", "质检", "customers.edit");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "customers.view customers.contact customers.export audit.view");
  RUN (&r, f->db, "roles", "show", "质检", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonObject *role = json_node_get_object (root);
    JsonArray *permissions = json_object_get_array_member (role, "permissions");
    JsonObject *first;

    g_assert_cmpstr (json_object_get_string_member (role, "name"), ==, "质检");
    g_assert_cmpstr (json_object_get_string_member (role, "key"), ==, "");
    g_assert_cmpint (json_object_get_int_member (role, "member_count"), ==, 0);
    g_assert_cmpuint (json_array_get_length (permissions), ==, 4);
    first = json_array_get_object_element (permissions, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "customers.view");
    g_assert_cmpstr (json_object_get_string_member (first, "label"), ==, "View customers");
  }
  RUN (&r, f->db, "roles", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "\"质检\"");

  /* The Owner role does not change. */
  RUN (&r, f->db, "roles", "revoke", "owner", "audit.view");
  g_assert_cmpint (r.status, ==, 1);
  RUN (&r, f->db, "roles", "rename", "质检", "质检员");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "roles", "delete", "质检员");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "roles", "show", "质检员");
  g_assert_cmpint (r.status, ==, 1);
}

/* ---- what each permission lets an account do ---- */

/* What the owner sees of the shop: every customer, the accounts and the roles. */
static char *
shop_state (Fixture *f)
{
  g_auto(Result) r = { 0 };
  g_autoptr(GString) state = g_string_new (NULL);

  RUN (&r, f->db, "export", "customers", "--format", "json");
  g_assert_cmpint (r.status, ==, 0);
  g_string_append (state, r.out);
  RUN (&r, f->db, "roles", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_string_append (state, r.out);
  RUN (&r, f->db, "departments", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_string_append (state, r.out);
  RUN (&r, f->db, "staff", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonArray *accounts = json_node_get_array (root);
    for (guint i = 0; i < json_array_get_length (accounts); i++)
      {
        JsonObject *a = json_array_get_object_element (accounts, i);
        g_string_append_printf (state, "%s %s %s %s %s %d\n", json_object_get_string_member (a, "full_name"),
                                json_object_get_string_member (a, "display_name"),
                                json_object_get_string_member (a, "department"),
                                json_object_get_string_member (a, "role"),
                                json_object_get_string_member (a, "status"),
                                json_object_get_boolean_member (a, "must_change_password"));
      }
  }
  return g_string_free (g_steal_pointer (&state), FALSE);
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *csv = cli_write_file (f, "more.csv", "nick,name\ntb_new,新人\n");
  g_autofree char *out_file = g_build_filename (f->dir, "out.json", NULL);
  g_autofree char *audit_file = g_build_filename (f->dir, "audit.csv", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_auto(Result) r = { 0 };
  struct
  {
    const char *permission;
    const char *args[10];
  } checks[] = {
    { "customers.view", { "customers", "list" } },
    { "customers.view", { "customers", "list", "--json" } },
    { "customers.view", { "customers", "search", "王" } },
    { "customers.view", { "customers", "count" } },
    { "customers.view", { "customers", "show", "1" } },
    { "customers.view", { "customers", "show", "1", "--json" } },
    { "customers.edit", { "customers", "note", "1", "偷偷加的备注" } },
    { "customers.edit", { "customers", "tag", "1", "偷偷加的标签" } },
    { "customers.edit", { "customers", "tag", "1", "VIP", "--remove" } },
    { "customers.import", { "import", "customers", csv } },
    { "customers.import", { "import", "customers", csv, "--json" } },
    { "customers.export", { "export", "customers" } },
    { "customers.export", { "export", "customers", "--format", "json", "-o", out_file } },
    { "customers.merge", { "customers", "merge", "1", "2" } },
    { "customers.merge", { "customers", "delete", "2" } },
    { "staff.manage", { "staff", "list" } },
    { "staff.manage", { "staff", "show", HELPER } },
    { "staff.manage", { "staff", "add", "newbie", "--role", "presales" } },
    { "staff.manage", { "staff", "disable", HELPER } },
    { "staff.manage", { "staff", "enable", HELPER } },
    { "staff.manage", { "staff", "set-role", HELPER, "marketing" } },
    { "staff.manage", { "staff", "set-department", HELPER, "仓储" } },
    { "staff.manage", { "staff", "set-name", HELPER, "改名" } },
    { "staff.manage", { "staff", "reset-password", HELPER } },
    { "staff.manage", { "departments", "add", "新部门" } },
    { "staff.manage", { "departments", "rename", "仓储", "库房" } },
    { "staff.manage", { "roles", "list" } },
    { "staff.manage", { "roles", "show", "marketing" } },
    { "staff.manage", { "roles", "create", "新角色" } },
    { "staff.manage", { "roles", "grant", "marketing", "customers.edit" } },
    { "staff.manage", { "roles", "revoke", "marketing", "tiers.manage" } },
    { "staff.manage", { "roles", "delete", "marketing" } },
    { "audit.view", { "audit", "list" } },
    { "audit.view", { "audit", "list", "--json" } },
    { "audit.view", { "audit", "verify" } },
    { "audit.view", { "audit", "export", "-o", audit_file } },
  };
  const char * const clerk_env[] = { "SHOPDESK_USER=" CLERK, "SHOPDESK_PASSWORD=" CLERK_PASSWORD,
                                     "SHOPDESK_NEW_PASSWORD=" CLERK_FIRST_PASSWORD, NULL };
  guint denied = 0;

  staff_shop (f);
  before = shop_state (f);

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      const char *permission = checks[i].permission;

      if (i == 0 || !g_str_equal (permission, checks[i - 1].permission))
        {
          RUN (&r, f->db, "roles", "revoke", "店员", permission);
          g_assert_cmpint (r.status, ==, 0);
        }

      run_cli (&r, f->db, clerk_env, checks[i].args);
      g_assert_cmpint (r.status, ==, 3);
      g_assert_cmpstr (r.out, ==, "");
      assert_contains (r.err, "Permission denied");
      assert_contains (r.err, permission);
      denied++;

      if (i + 1 == G_N_ELEMENTS (checks) || !g_str_equal (permission, checks[i + 1].permission))
        {
          RUN (&r, f->db, "roles", "grant", "店员", permission);
          g_assert_cmpint (r.status, ==, 0);
        }
    }

  /* Nothing changed, no file written, and every refusal is in the audit log. */
  after = shop_state (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (g_file_test (out_file, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (audit_file, G_FILE_TEST_EXISTS));
  RUN (&r, f->db, "audit", "list", "--user", CLERK, "--action", "denied", "--limit", "0", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), >=, denied);
  }

  /* With every permission back, the clerk may do it all again. */
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "customers", "tag", "1", "回头客");
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "audit", "verify");
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "roles", "show", "marketing");
  g_assert_cmpint (r.status, ==, 0);
}

/* ---- masking ---- */

static void
assert_masked (const char *text)
{
  assert_contains (text, "138****1234");
  assert_not_contains (text, "13812341234");
  assert_not_contains (text, "138 1234 1234");
  assert_not_contains (text, "文三路");
}

static void
test_masking (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *csv_file = g_build_filename (f->dir, "masked.csv", NULL);
  g_autofree char *json_file = g_build_filename (f->dir, "masked.json", NULL);
  g_autofree char *text = NULL;
  g_auto(Result) r = { 0 };

  staff_shop (f);
  RUN (&r, f->db, "roles", "revoke", "店员", "customers.contact");
  g_assert_cmpint (r.status, ==, 0);

  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "customers", "list");
  g_assert_cmpint (r.status, ==, 0);
  assert_masked (r.out);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "customers", "search", "王小明");
  g_assert_cmpint (r.status, ==, 0);
  assert_masked (r.out);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "customers", "show", "1");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "王小明");
  assert_masked (r.out);
  assert_contains (r.out, "hidden");

  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "customers", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_masked (r.out);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonArray *array = json_node_get_array (root);
    for (guint i = 0; i < json_array_get_length (array); i++)
      g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, i), "contact_masked"));
  }
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "customers", "show", "1", "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_masked (r.out);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonObject *c = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (c, "phone"), ==, "138****1234");
    g_assert_true (json_object_get_boolean_member (c, "contact_masked"));
  }

  /* Exports, to standard output and to files. */
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "export", "customers");
  g_assert_cmpint (r.status, ==, 0);
  assert_masked (r.out);
  assert_contains (r.out, "王小明");
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "export", "customers", "-o", csv_file);
  g_assert_cmpint (r.status, ==, 0);
  text = cli_read_file (csv_file);
  assert_masked (text);
  g_clear_pointer (&text, g_free);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "export", "customers", "--format", "json", "-o", json_file);
  g_assert_cmpint (r.status, ==, 0);
  text = cli_read_file (json_file);
  assert_masked (text);
  assert_contains (text, "王小明");

  /* The owner sees the number, and so does the clerk once the role may again. */
  RUN (&r, f->db, "customers", "show", "1", "--json");
  assert_contains (r.out, "+8613812341234");
  assert_contains (r.out, "文三路100号");
  RUN (&r, f->db, "roles", "grant", "店员", "customers.contact");
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "customers", "list");
  assert_contains (r.out, "138 1234 1234");
}

/* ---- the audit log ---- */

static JsonArray *
audit_entries (Fixture    *f,
               JsonNode  **out_root,
               const char *first,
               ...)
{
  g_auto(Result) r = { 0 };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (gpointer) "audit");
  g_ptr_array_add (args, (gpointer) "list");
  g_ptr_array_add (args, (gpointer) "--json");
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run_argv (&r, f->db, (const char * const *) args->pdata);
  g_assert_cmpint (r.status, ==, 0);
  *out_root = parse_json (r.out);
  return json_node_get_array (*out_root);
}

static gboolean
has_action (JsonArray  *entries,
            const char *action,
            const char *staff_name)
{
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);
      if (g_str_equal (json_object_get_string_member (e, "action"), action) &&
          (staff_name == NULL || g_str_equal (json_object_get_string_member (e, "staff_name"), staff_name)))
        return TRUE;
    }
  return FALSE;
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *csv = cli_write_file (f, "customers.csv", customers_csv);
  g_autofree char *exported = g_build_filename (f->dir, "export.csv", NULL);
  g_autofree char *audit_csv = g_build_filename (f->dir, "audit.csv", NULL);
  g_auto(Result) r = { 0 };
  gint64 export_id = 0;

  RUN (&r, f->db, "import", "customers", csv);
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "export", "customers", "-o", exported);
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, SD_TEST_OWNER, "wrong horse 1", "customers", "count");
  g_assert_cmpint (r.status, ==, 3);

  {
    g_autoptr(JsonNode) root = NULL;
    JsonArray *entries = audit_entries (f, &root, NULL);
    JsonObject *newest = json_array_get_object_element (entries, 0);

    g_assert_true (has_action (entries, "shop.create", SD_TEST_OWNER));
    g_assert_true (has_action (entries, "login.ok", SD_TEST_OWNER));
    g_assert_true (has_action (entries, "login.failed", NULL));
    g_assert_true (has_action (entries, "customers.import", SD_TEST_OWNER));
    g_assert_true (has_action (entries, "customers.export", SD_TEST_OWNER));
    /* Newest first: this listing's own login. */
    g_assert_cmpstr (json_object_get_string_member (newest, "action"), ==, "login.ok");
    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *e = json_array_get_object_element (entries, i);
        if (g_str_equal (json_object_get_string_member (e, "action"), "customers.export"))
          {
            export_id = json_object_get_int_member (e, "id");
            assert_contains (json_object_get_string_member (e, "detail"), "3");
          }
        if (i > 0)
          g_assert_cmpint (json_object_get_int_member (e, "id"), <,
                           json_object_get_int_member (json_array_get_object_element (entries, i - 1), "id"));
        g_assert_cmpuint (strlen (json_object_get_string_member (e, "hash")), ==, 64);
      }
    g_assert_cmpint (export_id, >, 0);
  }

  /* Filters. */
  {
    g_autoptr(JsonNode) root = NULL;
    JsonArray *entries = audit_entries (f, &root, "--action", "login.", NULL);
    g_assert_cmpuint (json_array_get_length (entries), >, 3);
    for (guint i = 0; i < json_array_get_length (entries); i++)
      g_assert_true (g_str_has_prefix (
        json_object_get_string_member (json_array_get_object_element (entries, i), "action"), "login."));
  }
  {
    g_autoptr(JsonNode) root = NULL;
    JsonArray *entries = audit_entries (f, &root, "--action", "customers.export", "--user", SD_TEST_OWNER, NULL);
    g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  }
  {
    g_autoptr(JsonNode) root = NULL;
    JsonArray *entries = audit_entries (f, &root, "--limit", "2", NULL);
    g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  }
  {
    g_autoptr(JsonNode) root = NULL;
    JsonArray *entries = audit_entries (f, &root, "--since", "2100-01-01", NULL);
    g_assert_cmpuint (json_array_get_length (entries), ==, 0);
  }
  {
    g_autoptr(JsonNode) root = NULL;
    JsonArray *entries = audit_entries (f, &root, "--until", "2000-01-01 08:00", NULL);
    g_assert_cmpuint (json_array_get_length (entries), ==, 0);
  }
  {
    g_autoptr(JsonNode) root = NULL;
    JsonArray *entries = audit_entries (f, &root, "--since", "0", "--until", "4102444800", "--action",
                                        "shop.create", NULL);
    g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  }
  RUN (&r, f->db, "audit", "list", "--action", "customers.export");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "customers.export");
  assert_contains (r.out, SD_TEST_OWNER);

  /* The CSV export. */
  RUN (&r, f->db, "audit", "export", "-o", audit_csv);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autofree char *text = cli_read_file (audit_csv);
    g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
    assert_contains (text, "customers.export");
    assert_contains (text, "shop.create");
  }

  /* The chain holds… */
  RUN (&r, f->db, "audit", "verify");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "entries, chain intact.");
  RUN (&r, f->db, "audit", "verify", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "intact"));
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "entries"), >, 5);
  }

  /* …until someone edits the file behind ShopDesk's back. */
  {
    g_autofree char *sql = g_strdup_printf ("%s UPDATE audit_log SET detail = 'nothing to see' WHERE id = %" G_GINT64_FORMAT,
                                            sd_test_unguard_audit_sql (), export_id);
    g_assert_cmpint (sd_test_raw_exec (f->db, sql), ==, 1);
  }
  RUN (&r, f->db, "audit", "verify");
  g_assert_cmpint (r.status, ==, 1);
  {
    g_autofree char *where = g_strdup_printf ("Chain broken at entry #%" G_GINT64_FORMAT " (", export_id);
    assert_contains (r.err, where);
    assert_contains (r.err, "customers.export)");
  }
  RUN (&r, f->db, "audit", "verify", "--json");
  g_assert_cmpint (r.status, ==, 1);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "intact"));
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "broken_id"), ==, export_id);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, cli_fixture_setup_shop, func, cli_fixture_teardown)
  ADD ("/cli/login/basics", test_login);
  ADD ("/cli/login/missing-shop", test_missing_shop);
  ADD ("/cli/login/claim-old-shop", test_claim_old_shop);
  ADD ("/cli/login/prompt", test_prompt);
  ADD ("/cli/staff/accounts", test_staff);
  ADD ("/cli/staff/reset-password", test_reset_password);
  ADD ("/cli/roles", test_roles);
  ADD ("/cli/permissions/refused", test_permissions);
  ADD ("/cli/permissions/masking", test_masking);
  ADD ("/cli/audit", test_audit);
#undef ADD

  return g_test_run ();
}
