/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include "sd-cli.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-shop.h"
#include "sd-staff.h"

static void
build_account (JsonBuilder   *b,
               gconstpointer  account)
{
  const SdStaffAccount *a = account;

  json_builder_begin_object (b);
  sd_json_add_int (b, "id", a->id);
  sd_json_add_string (b, "login", a->login);
  sd_json_add_string (b, "full_name", a->full_name);
  sd_json_add_string (b, "display_name", a->display_name);
  sd_json_add_int (b, "department_id", a->department_id);
  sd_json_add_string (b, "department", a->department_name ? a->department_name : "");
  sd_json_add_int (b, "role_id", a->role_id);
  sd_json_add_string (b, "role_key", a->role_key ? a->role_key : "");
  sd_json_add_string (b, "role", a->role_name ? a->role_name : "");
  sd_cli_json_add_permissions (b, "permissions", a->permissions);
  sd_json_add_string (b, "status", sd_staff_status_to_string (a->status));
  json_builder_set_member_name (b, "is_owner");
  json_builder_add_boolean_value (b, a->is_owner);
  json_builder_set_member_name (b, "must_change_password");
  json_builder_add_boolean_value (b, a->must_change_password);
  sd_json_add_iso_time (b, "created_at", a->created_at);
  sd_json_add_iso_time (b, "last_login_at", a->last_login_at);
  sd_json_add_iso_time (b, "locked_until", a->locked_until);
  json_builder_end_object (b);
}

/* "active", or "active, must change password". */
static char *
describe_status (const SdStaffAccount *a)
{
  if (a->status == SD_STAFF_LOCKED && a->locked_until > 0)
    {
      g_autofree char *until = sd_cli_format_time (a->locked_until);
      /* TRANSLATORS: "locked until 2024-05-01 12:00" */
      return g_strdup_printf (_("%s until %s"), sd_staff_status_get_label (a->status), until);
    }
  if (a->must_change_password)
    /* TRANSLATORS: a staff account's status, then that its password was reset */
    return g_strdup_printf (_("%s, must change password"), sd_staff_status_get_label (a->status));
  return g_strdup (sd_staff_status_get_label (a->status));
}

static int
run_list (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— every staff account, by department"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("staff list takes no arguments."), &argc,
                             &argv, &session, &status))
    return status;
  accounts = sd_staff_list (session, &error);
  if (accounts == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      sd_cli_print_json_array (accounts, build_account);
      return SD_CLI_OK;
    }

  {
    g_autofree char *h_full = sd_cli_pad (_("Account"), 30);
    g_autofree char *h_name = sd_cli_pad (_("Name"), 14);
    g_autofree char *h_department = sd_cli_pad (_("Department"), 12);
    g_autofree char *h_role = sd_cli_pad (_("Role"), 18);
    g_autofree char *h_last = sd_cli_pad (_("Last login"), 16);
    g_print ("%s %s %s %s %s %s\n", h_full, h_name, h_department, h_role, h_last, _("Status"));
  }
  for (guint i = 0; i < accounts->len; i++)
    {
      const SdStaffAccount *a = g_ptr_array_index (accounts, i);
      g_autofree char *described = describe_status (a);
      g_autofree char *full = sd_cli_pad (a->full_name, 30);
      g_autofree char *name = sd_cli_pad (a->display_name, 14);
      g_autofree char *department = sd_cli_pad (a->department_id ? a->department_name : "—", 12);
      g_autofree char *role = sd_cli_pad (a->role_name, 18);
      g_autofree char *when = sd_cli_format_time (a->last_login_at);
      g_autofree char *last = sd_cli_pad (when, 16);
      /* The status last: it may be long ("Locked until …"). */
      g_print ("%s %s %s %s %s %s\n", full, name, department, role, last, described);
    }
  return SD_CLI_OK;
}

static int
run_show (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — one staff account"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdStaffAccount) a = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 1,
                             _("staff show needs one account: its login, full name or id."), &argc,
                             &argv, &session, &status))
    return status;
  a = sd_staff_find (session, argv[1], &error);
  if (a == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      build_account (b, a);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }

  {
    g_autofree char *described = describe_status (a);
    g_autofree char *created = sd_cli_format_time (a->created_at);
    g_autofree char *last = sd_cli_format_time (a->last_login_at);

    g_print (_("Staff account #%lld: %s\n"), (long long) a->id, a->full_name);
    g_print (_("  Login:       %s\n"), a->login);
    g_print (_("  Name:        %s\n"), a->display_name);
    g_print (_("  Department:  %s\n"), a->department_id ? a->department_name : "—");
    if (a->role_key && *a->role_key)
      g_print (_("  Role:        %s (%s)\n"), a->role_name, a->role_key);
    else
      g_print (_("  Role:        %s\n"), a->role_name);
    g_print (_("  Status:      %s\n"), described);
    g_print (_("  Created:     %s\n"), created);
    g_print (_("  Last login:  %s\n"), last);
    g_print (_("  Permissions:\n"));
    for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
      if (sd_permission_set_has (a->permissions, p))
        {
          g_autofree char *line = sd_cli_describe_permission (p);
          g_print ("    %s\n", line);
        }
  }
  return SD_CLI_OK;
}

static int
run_add (const SdCliGlobals *globals,
         int                 argc,
         char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("LOGIN — add a staff account (子账号)"));
  g_autofree char *display_name = NULL;
  g_autofree char *department_name = NULL;
  g_autofree char *role_name = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &display_name, N_("The name colleagues see (default: the login)"), "NAME" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department_name, N_("The department (see departments list)"), "DEPARTMENT" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_name, N_("The role, which gives the permissions (see roles list)"), "ROLE" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdRole) role = NULL;
  g_autoptr(SdDepartment) department = NULL;
  g_autoptr(SdStaffAccount) added = NULL;
  g_auto(SdCliPassword) password = NULL;
  g_autofree char *shop_name = NULL;
  g_autofree char *prompt = NULL;
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _("Staff log in with LOGIN, or with SHOP:LOGIN. The first password "
                                               "comes from SHOPDESK_NEW_PASSWORD, or is asked twice on the "
                                               "terminal; the account must change it at its first login."));
  if (!sd_cli_begin_command (NULL, context, NULL, 1,
                             _("staff add needs the new account's login name."), &argc, &argv, NULL,
                             &status))
    return status;
  if (role_name == NULL)
    return sd_cli_usage (_("staff add needs a role: --role ROLE (see roles list)."));

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);

  /* Everything that can be wrong, before the password is asked for. */
  shop_name = sd_shop_get_name (session);
  if (!sd_staff_check_login (shop_name, argv[1], &error))
    return sd_cli_fail (error);
  role = sd_roles_find (session, role_name, &error);
  if (role == NULL)
    return sd_cli_fail (error);
  if (department_name != NULL)
    {
      department = sd_departments_find (session, department_name, &error);
      if (department == NULL)
        return sd_cli_fail (error);
    }

  /* TRANSLATORS: %s is the new account's login */
  prompt = g_strdup_printf (_("First password for %s: "), argv[1]);
  password = sd_cli_read_password ("SHOPDESK_NEW_PASSWORD", prompt, _("The same password again: "), &error);
  if (password == NULL)
    return sd_cli_fail (error);
  id = sd_staff_add (session, argv[1], display_name ? display_name : argv[1],
                     department ? department->id : 0, role->id, password, &error);
  if (id == 0)
    return sd_cli_fail (error);
  added = sd_staff_get (session, id, &error);
  if (added == NULL)
    return sd_cli_fail (error);
  g_print (_("Added the staff account “%s” (#%lld) with the role %s. It must change its password at "
             "its first login.\n"),
           added->full_name, (long long) id, added->role_name);
  return SD_CLI_OK;
}

typedef enum
{
  CHANGE_DISABLE,
  CHANGE_ENABLE,
  CHANGE_ROLE,
  CHANGE_DEPARTMENT,
  CHANGE_NAME,
  CHANGE_PASSWORD,
} Change;

static int
run_change (const SdCliGlobals *globals,
            int                 argc,
            char              **argv,
            Change              change)
{
  static const struct
  {
    const char *parameter;
    const char *usage;
    int         n_args;
  } kinds[] = {
    [CHANGE_DISABLE] = { N_("NAME — disable an account: it can no longer log in"),
                         N_("staff disable needs one account."), 1 },
    [CHANGE_ENABLE] = { N_("NAME — enable a disabled or locked account"),
                        N_("staff enable needs one account."), 1 },
    [CHANGE_ROLE] = { N_("NAME ROLE — give an account another role"),
                      N_("staff set-role needs an account and a role."), 2 },
    [CHANGE_DEPARTMENT] = { N_("NAME DEPARTMENT — move an account to another department"),
                            N_("staff set-department needs an account and a department."), 2 },
    [CHANGE_NAME] = { N_("NAME DISPLAY_NAME — change the name colleagues see"),
                      N_("staff set-name needs an account and its new display name."), 2 },
    [CHANGE_PASSWORD] = { N_("NAME — give an account a new password it must change"),
                          N_("staff reset-password needs one account."), 1 },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_(kinds[change].parameter));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdStaffAccount) a = NULL;
  GError *error = NULL;
  gboolean ok = FALSE;
  int status = SD_CLI_OK;

  if (change == CHANGE_PASSWORD)
    g_option_context_set_description (context, _("The new password comes from SHOPDESK_NEW_PASSWORD, or is asked "
                                                 "twice on the terminal. The account can do nothing but change "
                                                 "it at its next login."));
  if (!sd_cli_begin_command (globals, context, NULL, kinds[change].n_args, _(kinds[change].usage),
                             &argc, &argv, &session, &status))
    return status;
  a = sd_staff_find (session, argv[1], &error);
  if (a == NULL)
    return sd_cli_fail (error);

  switch (change)
    {
    case CHANGE_DISABLE:
    case CHANGE_ENABLE:
      ok = sd_staff_set_enabled (session, a->id, change == CHANGE_ENABLE, &error);
      if (ok && change == CHANGE_ENABLE)
        g_print (_("Enabled %s.\n"), a->full_name);
      else if (ok)
        g_print (_("Disabled %s: it can no longer log in.\n"), a->full_name);
      break;

    case CHANGE_ROLE:
      {
        g_autoptr(SdRole) role = sd_roles_find (session, argv[2], &error);
        ok = role != NULL && sd_staff_set_role (session, a->id, role->id, &error);
        if (ok)
          g_print (_("%s now has the role %s.\n"), a->full_name, role->name);
      }
      break;

    case CHANGE_DEPARTMENT:
      {
        g_autoptr(SdDepartment) department = sd_departments_find (session, argv[2], &error);
        ok = department != NULL && sd_staff_set_department (session, a->id, department->id, &error);
        if (ok)
          g_print (_("%s is now in the department %s.\n"), a->full_name, department->name);
      }
      break;

    case CHANGE_NAME:
      ok = sd_staff_set_display_name (session, a->id, argv[2], &error);
      if (ok)
        g_print (_("%s is now shown as “%s”.\n"), a->full_name, argv[2]);
      break;

    case CHANGE_PASSWORD:
      {
        g_auto(SdCliPassword) password = NULL;
        /* TRANSLATORS: %s is the account's full name */
        g_autofree char *prompt = g_strdup_printf (_("New password for %s: "), a->full_name);
        password = sd_cli_read_password ("SHOPDESK_NEW_PASSWORD", prompt, _("The same password again: "), &error);
        ok = password != NULL && sd_staff_reset_password (session, a->id, password, &error);
        if (ok)
          g_print (_("Reset the password of %s: it must change it at its next login.\n"), a->full_name);
      }
      break;

    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return sd_cli_fail (error);
  return SD_CLI_OK;
}

int
sd_cli_staff (const SdCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  static const struct
  {
    const char *name;
    Change      change;
  } changes[] = {
    { "disable", CHANGE_DISABLE },
    { "enable", CHANGE_ENABLE },
    { "set-role", CHANGE_ROLE },
    { "set-department", CHANGE_DEPARTMENT },
    { "set-name", CHANGE_NAME },
    { "reset-password", CHANGE_PASSWORD },
  };

  if (argc < 2)
    return sd_cli_usage (_("staff needs a command: list, show, add, disable, enable, set-role, set-department, "
                           "set-name or reset-password."));
  if (g_str_equal (argv[1], "list"))
    return run_list (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return run_show (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "add"))
    return run_add (globals, argc - 1, argv + 1);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    if (g_str_equal (argv[1], changes[i].name))
      return run_change (globals, argc - 1, argv + 1, changes[i].change);
  return sd_cli_usage (_("Unknown staff command “%s”."), argv[1]);
}

/* ---- departments ---- */

static void
build_department (JsonBuilder   *b,
                  gconstpointer  department)
{
  const SdDepartment *d = department;

  json_builder_begin_object (b);
  sd_json_add_int (b, "id", d->id);
  sd_json_add_string (b, "key", d->key);
  sd_json_add_string (b, "name", d->name);
  sd_json_add_int (b, "member_count", d->member_count);
  json_builder_end_object (b);
}

static int
run_departments_list (const SdCliGlobals *globals,
                      int                 argc,
                      char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the shop's departments"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("departments list takes no arguments."),
                             &argc, &argv, &session, &status))
    return status;
  departments = sd_departments_list (session, &error);
  if (departments == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      sd_cli_print_json_array (departments, build_department);
      return SD_CLI_OK;
    }
  for (guint i = 0; i < departments->len; i++)
    {
      const SdDepartment *d = g_ptr_array_index (departments, i);
      g_autofree char *name = sd_cli_pad (d->name, 16);
      g_print (g_dngettext (GETTEXT_PACKAGE, "%4lld  %s %lld account\n", "%4lld  %s %lld accounts\n",
                            (gulong) d->member_count),
               (long long) d->id, name, (long long) d->member_count);
    }
  return SD_CLI_OK;
}

int
sd_cli_departments (const SdCliGlobals *globals,
                    int                 argc,
                    char              **argv)
{
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdDepartment) department = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (argc < 2)
    return sd_cli_usage (_("departments needs a command: list, add, rename or remove."));
  if (g_str_equal (argv[1], "list"))
    return run_departments_list (globals, argc - 1, argv + 1);
  if (!g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "rename") && !g_str_equal (argv[1], "remove"))
    return sd_cli_usage (_("Unknown departments command “%s”."), argv[1]);

  {
    const char *command = argv[1];
    g_autoptr(GOptionContext) context =
      g_option_context_new (g_str_equal (command, "add") ? _("NAME — add a department")
                            : g_str_equal (command, "rename") ? _("DEPARTMENT NAME — rename a department")
                            : _("DEPARTMENT — remove a department nobody is in"));
    argc--;
    argv++;
    if (!sd_cli_begin_command (globals, context, NULL, g_str_equal (command, "rename") ? 2 : 1,
                               g_str_equal (command, "add")
                               ? _("departments add needs the new department's name.")
                               : g_str_equal (command, "rename")
                               ? _("departments rename needs a department and its new name.")
                               : _("departments remove needs one department."),
                               &argc, &argv, &session, &status))
      return status;
    if (g_str_equal (command, "add"))
      {
        gint64 id = sd_departments_add (session, argv[1], &error);
        if (id == 0)
          return sd_cli_fail (error);
        g_print (_("Added the department “%s” (#%lld).\n"), argv[1], (long long) id);
        return SD_CLI_OK;
      }
    department = sd_departments_find (session, argv[1], &error);
    if (department == NULL)
      return sd_cli_fail (error);
    if (g_str_equal (command, "rename"))
      {
        if (!sd_departments_rename (session, department->id, argv[2], &error))
          return sd_cli_fail (error);
        g_print (_("Renamed the department “%s” to “%s”.\n"), department->name, argv[2]);
      }
    else
      {
        if (!sd_departments_remove (session, department->id, &error))
          return sd_cli_fail (error);
        g_print (_("Removed the department “%s”.\n"), department->name);
      }
  }
  return SD_CLI_OK;
}
