/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include "sd-cli.h"
#include "sd-json.h"
#include "sd-sms-text.h"

/* "161 septets (…)": the length in the units of ENCODING, for a person. */
static char *
describe_length (SdSmsEncoding encoding,
                 guint         units)
{
  g_autofree char *n = sd_format_count (units);

  switch (encoding)
    {
    case SD_SMS_GSM7:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s septet (extension characters count 2)",
                                           "%s septets (extension characters count 2)", units), n);
    case SD_SMS_UCS2:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s UTF-16 unit (an emoji counts 2)",
                                           "%s UTF-16 units (an emoji counts 2)", units), n);
    case SD_SMS_DOMESTIC:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s character, signature included",
                                           "%s characters, signature included", units), n);
    }
}

static void
print_count_json (const SdSmsCount *count)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  sd_json_add_string (b, "encoding", sd_sms_encoding_to_string (count->encoding));
  sd_json_add_int (b, "units", count->units);
  sd_json_add_int (b, "parts", count->parts);
  json_builder_end_object (b);
  sd_cli_print_json (b);
}

static void
print_count (const char       *text,
             gboolean          domestic,
             const SdSmsCount *count)
{
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *length = describe_length (count->encoding, count->units);
  g_autofree char *n_parts = sd_format_count (count->parts);

  g_print (_("Encoding: %s\n"), sd_sms_encoding_describe (count->encoding));
  g_print (_("Length:   %s\n"), length);
  g_print (_("Parts:    %s\n"), n_parts);
  if (count->parts < 2)
    return;
  /* Where the message breaks: what each phone shows as one piece. */
  parts = sd_sms_split (text, domestic);
  for (guint i = 0; i < parts->len; i++)
    g_print (_("  %u: %s\n"), i + 1, (const char *) g_ptr_array_index (parts, i));
}

static int
run_count (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("TEXT — the encoding, length and billable parts of an SMS"));
  gboolean json = FALSE, domestic = FALSE;
  GOptionEntry entries[] = {
    { "domestic", 0, 0, G_OPTION_ARG_NONE, &domestic,
      N_("Count as a China domestic gateway does: every character 1, 70 in one message, "
         "67 a part (TEXT with its 【signature】)"), NULL },
    { NULL }
  };
  const char *text;
  SdSmsCount count;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("GSM-7 carries 160 characters in one message and 153 a part; a "
                                      "character outside it makes the whole message UCS-2: 70, and 67 "
                                      "a part. Nothing is sent and no shop is opened."));
  /* No session: counting needs no shop, so no password is asked for. */
  if (!sd_cli_begin_command (NULL, context, &json, SD_CLI_ANY_ARGS, NULL, &argc, &argv, NULL, &status))
    return status;
  /* GOption leaves "--" in place: a text starting with a dash comes after it. */
  if (argc == 3 && g_str_equal (argv[1], "--"))
    text = argv[2];
  else if (argc == 2)
    text = argv[1];
  else
    return sd_cli_usage ("%s", _("sms count needs the text to count, as one argument."));
  sd_sms_count (text, domestic, &count);
  if (json)
    print_count_json (&count);
  else
    print_count (text, domestic, &count);
  return SD_CLI_OK;
}

int
sd_cli_sms (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("sms needs a command: count or settings."));
  if (g_str_equal (argv[1], "count"))
    return run_count (argc - 1, argv + 1);
  /* The shop's SMS settings belong with the campaigns (sd-cli-campaigns.c). */
  if (g_str_equal (argv[1], "settings"))
    return sd_cli_sms_settings (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown sms command “%s”."), argv[1]);
}
