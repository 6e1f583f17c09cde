/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include "sd-cli.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-quick-replies.h"
#include "sd-values.h"

/* quick-replies: the canned answers of the composer (sd-quick-replies.h) — add, list,
 * remove. Who may add shared ones is the core's to say. */

static void
add_reply (JsonBuilder   *b,
           gconstpointer  item)
{
  const SdQuickReply *reply = item;

  json_builder_begin_object (b);
  sd_json_add_int (b, "id", reply->id);
  sd_json_add_string (b, "scope", sd_quick_reply_scope_to_string (reply->scope));
  sd_json_add_int (b, "department_id", reply->department_id);
  sd_json_add_int (b, "staff_id", reply->staff_id);
  sd_json_add_string (b, "group", reply->group);
  sd_json_add_string (b, "shortcut", reply->shortcut);
  sd_json_add_string (b, "text", reply->text);
  sd_json_add_int (b, "uses", reply->uses);
  sd_json_add_iso_time (b, "created_at", reply->created_at);
  sd_json_add_iso_time (b, "updated_at", reply->updated_at);
  json_builder_end_object (b);
}

static int
run_add (const SdCliGlobals *globals,
         int                 argc,
         char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("TEXT — add a quick reply"));
  g_autofree char *shortcut = NULL;
  g_autofree char *group = NULL;
  g_autofree char *scope_text = NULL;
  g_autofree char *department = NULL;
  GOptionEntry entries[] = {
    { "shortcut", 0, 0, G_OPTION_ARG_STRING, &shortcut, N_("Typed after / in the composer (letters, digits, - and _)"),
      "WORD" },
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, N_("The group it is listed under"), "NAME" },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &scope_text,
      N_("personal (default), department or shop; shared ones need a manager"), "SCOPE" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department,
      N_("For --scope department: the department (default: your own)"), "DEPARTMENT" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdQuickReply) reply = sd_quick_reply_new ();
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 1,
                             _("quick-replies add needs the reply's text (placeholders such as {name} allowed)."),
                             &argc, &argv, NULL, &status))
    return status;
  if (scope_text != NULL && !sd_quick_reply_scope_from_string (scope_text, &reply->scope))
    return sd_cli_usage (_("Unknown scope “%s”: use personal, department or shop."), scope_text);
  if (department != NULL && reply->scope != SD_QUICK_REPLY_DEPARTMENT)
    return sd_cli_usage (_("--department goes with --scope department."));

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (department != NULL && (reply->department_id = sd_quick_replies_find_department (session, department, &error)) == 0)
    return sd_cli_fail (error);
  g_free (reply->text);
  reply->text = g_strdup (argv[1]);
  g_free (reply->shortcut);
  reply->shortcut = g_strdup (shortcut ? shortcut : "");
  g_free (reply->group);
  reply->group = g_strdup (group ? group : "");
  id = sd_quick_replies_add (session, reply, &error);
  if (id == 0)
    return sd_cli_fail (error);
  g_print (_("Added quick reply #%lld (%s).\n"), (long long) id, sd_quick_reply_scope_describe (reply->scope));
  return SD_CLI_OK;
}

static int
run_list (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[SEARCH] — the quick replies you can use, by group"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) replies = NULL;
  GError *error = NULL;
  const char *last_group = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (NULL, context, &json, SD_CLI_ANY_ARGS, NULL, &argc, &argv, NULL, &status))
    return status;
  if (argc > 2)
    return sd_cli_usage (_("quick-replies list takes at most one search text."));
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  replies = sd_quick_replies_list (session, argc == 2 ? argv[1] : NULL, &error);
  if (replies == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      sd_cli_print_json_array (replies, add_reply);
      return SD_CLI_OK;
    }
  for (guint i = 0; i < replies->len; i++)
    {
      const SdQuickReply *reply = g_ptr_array_index (replies, i);
      g_autofree char *shortcut = NULL;
      g_autofree char *scope = sd_cli_pad (sd_quick_reply_scope_describe (reply->scope), 10);

      if (last_group == NULL || !g_str_equal (last_group, reply->group))
        g_print ("%s\n", *reply->group ? reply->group : _("(no group)"));
      last_group = reply->group;
      shortcut = *reply->shortcut ? g_strconcat ("/", reply->shortcut, NULL) : g_strdup ("");
      {
        g_autofree char *padded = sd_cli_pad (shortcut, 14);
        g_autofree char *uses = sd_format_count (reply->uses);
        g_print ("%5lld  %s %s %6s  %s\n", (long long) reply->id, padded, scope, uses, reply->text);
      }
    }
  if (replies->len == 0)
    g_printerr (_("No quick replies: add one with quick-replies add TEXT --shortcut WORD.\n"));
  return SD_CLI_OK;
}

static int
run_remove (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — remove a quick reply"));
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  gint64 id = 0;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("quick-replies remove needs one reply's number."), &argc,
                             &argv, NULL, &status))
    return status;
  if (!sd_cli_parse_id (argv[1], &id))
    return sd_cli_usage (_("“%s” is not a quick reply's number: see quick-replies list."), argv[1]);
  session = sd_cli_open_session (globals, &error);
  if (session == NULL || !sd_quick_replies_remove (session, id, &error))
    return sd_cli_fail (error);
  g_print (_("Removed quick reply #%lld.\n"), (long long) id);
  return SD_CLI_OK;
}

int
sd_cli_quick_replies (const SdCliGlobals *globals,
                      int                 argc,
                      char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("quick-replies needs a command: add, list or remove."));
  if (g_str_equal (argv[1], "add"))
    return run_add (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return run_list (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "remove"))
    return run_remove (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown quick-replies command “%s”."), argv[1]);
}
