/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include "sd-cli.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-staff.h"

/* Every permission id, with its label, one a line: what a usage error lists. */
static char *
describe_all_permissions (void)
{
  GString *out = g_string_new (NULL);

  for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
    {
      g_autofree char *line = sd_cli_describe_permission (p);
      g_string_append_printf (out, "\n  %s", line);
    }
  return g_string_free (out, FALSE);
}

/* Permission ids as given: separate arguments, or comma-separated in one. FALSE with a
 * usage error (listing the valid ids) in *OUT_STATUS for an unknown one. */
static gboolean
parse_permissions (char * const    *ids,
                   int              n_ids,
                   SdPermissionSet *out_set,
                   int             *out_status)
{
  SdPermissionSet set = 0;

  for (int i = 0; i < n_ids; i++)
    {
      g_auto(GStrv) parts = g_strsplit (ids[i], ",", -1);
      for (guint j = 0; parts[j] != NULL; j++)
        {
          const char *id = g_strstrip (parts[j]);
          SdPermission p;
          if (*id == '\0')
            continue;
          if (!sd_permission_from_string (id, &p))
            {
              g_autofree char *all = describe_all_permissions ();
              *out_status = sd_cli_usage (_("Unknown permission “%s”. The permissions are:%s"), id, all);
              return FALSE;
            }
          set |= SD_PERMISSION_BIT (p);
        }
    }
  *out_set = set;
  return TRUE;
}

static void
build_role (JsonBuilder  *b,
            const SdRole *role,
            gboolean      labels)
{
  json_builder_begin_object (b);
  sd_json_add_int (b, "id", role->id);
  sd_json_add_string (b, "key", role->key);
  sd_json_add_string (b, "name", role->name);
  sd_json_add_int (b, "member_count", role->member_count);
  if (!labels)
    sd_cli_json_add_permissions (b, "permissions", role->permissions);
  else
    {
      json_builder_set_member_name (b, "permissions");
      json_builder_begin_array (b);
      for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
        if (sd_permission_set_has (role->permissions, p))
          {
            json_builder_begin_object (b);
            sd_json_add_string (b, "id", sd_permission_to_string (p));
            sd_json_add_string (b, "label", sd_permission_get_label (p));
            sd_json_add_string (b, "area", sd_permission_area_get_label (sd_permission_get_area (p)));
            json_builder_end_object (b);
          }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

/* A role in the list: its permissions as ids only. */
static void
add_role (JsonBuilder   *b,
          gconstpointer  role)
{
  build_role (b, role, FALSE);
}

static int
run_list (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the roles and what they may do"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("roles list takes no arguments."), &argc,
                             &argv, &session, &status))
    return status;
  roles = sd_roles_list (session, &error);
  if (roles == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      sd_cli_print_json_array (roles, add_role);
      return SD_CLI_OK;
    }
  for (guint i = 0; i < roles->len; i++)
    {
      const SdRole *role = g_ptr_array_index (roles, i);
      g_autofree char *name = sd_cli_pad (role->name, 18);
      g_autofree char *key = sd_cli_pad (role->key, 11);
      g_autofree char *permissions = sd_permission_set_to_string (role->permissions);
      g_print ("%4lld  %s %s %4lld  %s\n", (long long) role->id, name, key, (long long) role->member_count,
               permissions);
    }
  return SD_CLI_OK;
}

static int
run_show (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ROLE — one role's permissions"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdRole) role = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 1,
                             _("roles show needs one role: its name or id."), &argc, &argv,
                             &session, &status))
    return status;
  role = sd_roles_find (session, argv[1], &error);
  if (role == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      build_role (b, role, TRUE);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }

  if (*role->key)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Role #%lld: %s (%s), %lld account\n",
                          "Role #%lld: %s (%s), %lld accounts\n", (gulong) role->member_count),
             (long long) role->id, role->name, role->key, (long long) role->member_count);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Role #%lld: %s, %lld account\n", "Role #%lld: %s, %lld accounts\n",
                          (gulong) role->member_count),
             (long long) role->id, role->name, (long long) role->member_count);
  for (SdPermissionArea area = 0; area < SD_PERMISSION_AREA_N; area++)
    {
      gboolean header = FALSE;
      for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
        {
          g_autofree char *line = NULL;
          if (sd_permission_get_area (p) != area || !sd_permission_set_has (role->permissions, p))
            continue;
          if (!header)
            g_print ("  %s\n", sd_permission_area_get_label (area));
          header = TRUE;
          line = sd_cli_describe_permission (p);
          g_print ("    %s\n", line);
        }
    }
  if (role->permissions == 0)
    g_print (_("  No permissions.\n"));
  return SD_CLI_OK;
}

static int
run_create (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — a new role"));
  g_auto(GStrv) permission_ids = NULL;
  GOptionEntry entries[] = {
    { "permissions", 0, 0, G_OPTION_ARG_STRING_ARRAY, &permission_ids,
      N_("The permissions it gives, comma-separated (see roles show)"), "ID,ID…" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  SdPermissionSet set = 0;
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("roles create needs the new role's name."),
                             &argc, &argv, NULL, &status))
    return status;
  if (permission_ids != NULL &&
      !parse_permissions (permission_ids, (int) g_strv_length (permission_ids), &set, &status))
    return status;

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  id = sd_roles_create (session, argv[1], set, &error);
  if (id == 0)
    return sd_cli_fail (error);
  {
    g_autofree char *ids = sd_permission_set_to_string (set);
    g_print (_("Created the role “%s” (#%lld): %s\n"), argv[1], (long long) id, *ids ? ids : _("no permissions"));
  }
  return SD_CLI_OK;
}

static int
run_grant (const SdCliGlobals *globals,
           int                 argc,
           char              **argv,
           gboolean            grant)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (grant ? _("ROLE PERMISSION… — give a role permissions")
                                : _("ROLE PERMISSION… — take permissions from a role"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdRole) role = NULL;
  g_autoptr(SdRole) changed = NULL;
  SdPermissionSet set = 0;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return sd_cli_usage ("%s", grant ? _("roles grant needs a role and at least one permission.")
                                     : _("roles revoke needs a role and at least one permission."));
  if (!parse_permissions (argv + 2, argc - 2, &set, &status))
    return status;

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  role = sd_roles_find (session, argv[1], &error);
  if (role == NULL)
    return sd_cli_fail (error);
  if (!sd_roles_change (session, role->id, grant ? set : 0, grant ? 0 : set, &error))
    return sd_cli_fail (error);
  changed = sd_roles_get (session, role->id, &error);
  if (changed == NULL)
    return sd_cli_fail (error);
  {
    g_autofree char *ids = sd_permission_set_to_string (changed->permissions);
    g_print (_("The role %s now has: %s\n"), changed->name, *ids ? ids : _("no permissions"));
  }
  return SD_CLI_OK;
}

static int
run_rename_delete (const SdCliGlobals *globals,
                   int                 argc,
                   char              **argv,
                   gboolean            rename)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (rename ? _("ROLE NAME — rename a role") : _("ROLE — delete a role nobody has"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdRole) role = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, NULL, rename ? 2 : 1,
                             rename ? _("roles rename needs a role and its new name.")
                                    : _("roles delete needs one role."),
                             &argc, &argv, &session, &status))
    return status;
  role = sd_roles_find (session, argv[1], &error);
  if (role == NULL)
    return sd_cli_fail (error);
  if (rename)
    {
      if (!sd_roles_rename (session, role->id, argv[2], &error))
        return sd_cli_fail (error);
      g_print (_("Renamed the role “%s” to “%s”.\n"), role->name, argv[2]);
    }
  else
    {
      if (!sd_roles_delete (session, role->id, &error))
        return sd_cli_fail (error);
      g_print (_("Deleted the role “%s”.\n"), role->name);
    }
  return SD_CLI_OK;
}

int
sd_cli_roles (const SdCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("roles needs a command: list, show, create, grant, revoke, rename or delete."));
  if (g_str_equal (argv[1], "list"))
    return run_list (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return run_show (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "create"))
    return run_create (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "grant"))
    return run_grant (globals, argc - 1, argv + 1, TRUE);
  if (g_str_equal (argv[1], "revoke"))
    return run_grant (globals, argc - 1, argv + 1, FALSE);
  if (g_str_equal (argv[1], "rename"))
    return run_rename_delete (globals, argc - 1, argv + 1, TRUE);
  if (g_str_equal (argv[1], "delete"))
    return run_rename_delete (globals, argc - 1, argv + 1, FALSE);
  return sd_cli_usage (_("Unknown roles command “%s”."), argv[1]);
}
