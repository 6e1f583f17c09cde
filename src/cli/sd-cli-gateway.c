/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include "sd-cli.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-sms-gateway-settings.h"
#include "sd-sync.h"

/* gateway: the shop's SMS gateway (sd-sms-gateway-settings.h). The keys come from the
 * environment (SHOPDESK_ALIYUN_ACCESS_KEY_ID / _SECRET) or a prompt that does not echo,
 * and are never printed. */

static void
say_key_source (SdSecretSource source)
{
  switch (source)
    {
    case SD_SECRET_SOURCE_KEYRING:
      g_print (_("Keys:          kept in the keyring.\n"));
      break;
    case SD_SECRET_SOURCE_ENVIRONMENT:
      g_print (_("Keys:          read from %s and %s (no keyring keeps them).\n"), SD_SMS_ENV_ACCESS_KEY_ID,
               SD_SMS_ENV_ACCESS_KEY_SECRET);
      break;
    case SD_SECRET_SOURCE_NONE:
    default:
      g_print (_("Keys:          missing — no keyring keeps them and %s / %s are not set.\n"),
               SD_SMS_ENV_ACCESS_KEY_ID, SD_SMS_ENV_ACCESS_KEY_SECRET);
      break;
    }
}

static int
run_set (const SdCliGlobals *globals,
         int                 argc,
         char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("aliyun --sign-name NAME — set the SMS gateway"));
  g_autofree char *url = NULL;
  g_autofree char *sign_name = NULL;
  g_autofree char *template_code = NULL;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The endpoint (default https://dysmsapi.aliyuncs.com/)"), "URL" },
    { "sign-name", 0, 0, G_OPTION_ARG_STRING, &sign_name, N_("The approved signature, without 【】"), "NAME" },
    { "template-code", 0, 0, G_OPTION_ARG_STRING, &template_code,
      N_("The approved template campaigns use by default (SMS_…)"), "CODE" },
    { NULL }
  };
  g_auto(SdCliPassword) key_id = NULL;
  g_auto(SdCliPassword) key_secret = NULL;
  g_autoptr(SdSession) session = NULL;
  SdSmsGatewayConfig config = { 0 };
  SdSecretSource source = SD_SECRET_SOURCE_NONE;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("gateway set needs the gateway: aliyun."), &argc, &argv,
                             NULL, &status))
    return status;
  if (!g_str_equal (argv[1], "aliyun"))
    return sd_cli_usage (_("Unknown SMS gateway “%s”: ShopDesk sends through aliyun."), argv[1]);
  if (sign_name == NULL)
    return sd_cli_usage (_("gateway set aliyun needs --sign-name NAME."));

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  key_id = sd_cli_read_password (SD_SMS_ENV_ACCESS_KEY_ID, _("Aliyun AccessKey ID: "), NULL, &error);
  if (key_id == NULL)
    return sd_cli_fail (error);
  key_secret = sd_cli_read_password (SD_SMS_ENV_ACCESS_KEY_SECRET, _("Aliyun AccessKey secret: "), NULL, &error);
  if (key_secret == NULL)
    return sd_cli_fail (error);
  config.kind = argv[1];
  config.url = url;
  config.sign_name = sign_name;
  config.template_code = template_code;
  config.access_key_id = key_id;
  config.access_key_secret = key_secret;
  if (!sd_sms_gateway_settings_set (session, &config, &source, &error))
    return sd_cli_fail (error);
  g_print (_("The SMS gateway is set: Aliyun, signature 【%s】.\n"), sign_name);
  say_key_source (source);
  g_print (_("Next: shopdesk-cli gateway test — checks that the gateway accepts the keys.\n"));
  return SD_CLI_OK;
}

static int
run_status (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the SMS gateway's settings"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdSmsGatewaySettings) settings = NULL;
  g_autofree char *configured = NULL;
  GError *error = NULL;
  gboolean json = FALSE;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("gateway status takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  settings = sd_sms_gateway_settings_get (session, &error);
  if (settings == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, settings->kind);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, settings->url);
      json_builder_set_member_name (builder, "sign_name");
      json_builder_add_string_value (builder, settings->sign_name);
      json_builder_set_member_name (builder, "template_code");
      json_builder_add_string_value (builder, settings->template_code);
      json_builder_set_member_name (builder, "configured_at");
      json_builder_add_int_value (builder, settings->configured_at);
      json_builder_set_member_name (builder, "keys");
      json_builder_add_string_value (builder, sd_secret_source_to_string (settings->secret_source));
      json_builder_end_object (builder);
      sd_cli_print_json (builder);
      return SD_CLI_OK;
    }
  configured = sd_cli_format_time (settings->configured_at);
  g_print (_("Gateway:       Aliyun SMS, %s\n"), settings->url);
  g_print (_("Signature:     【%s】\n"), settings->sign_name);
  g_print (_("Template:      %s\n"), *settings->template_code ? settings->template_code : _("none (each campaign names one)"));
  g_print (_("Set:           %s\n"), configured);
  say_key_source (settings->secret_source);
  return SD_CLI_OK;
}

static int
run_test (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[NUMBER] — check that the gateway accepts the keys"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdSmsGateway) gateway = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, NULL, SD_CLI_ANY_ARGS, NULL, &argc, &argv, &session, &status))
    return status;
  if (argc > 2)
    return sd_cli_usage (_("gateway test takes at most one number."));
  gateway = sd_sms_open_gateway (session, &error);
  if (gateway == NULL)
    return sd_cli_fail (error);
  /* Reading delivery reports sends nothing and costs nothing, but is signed like a send:
   * the gateway answers it only when the keys are right. */
  reports = sd_sms_gateway_query_details (gateway, argc > 1 ? argv[1] : "13800000000", NULL,
                                          g_get_real_time () / G_USEC_PER_SEC, NULL, &error);
  if (reports == NULL)
    return sd_cli_fail (error);
  {
    g_autofree char *n = SD_CLI_FORMAT_COUNTED (reports->len, "%s delivery report today for that number",
                                                "%s delivery reports today for that number");

    /* TRANSLATORS: "The gateway accepts the keys (0 delivery reports today for that number)." */
    g_print (_("The gateway accepts the keys (%s).\n"), n);
  }
  return SD_CLI_OK;
}

static int
run_clear (const SdCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— remove the SMS gateway and its keys"));
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, NULL, 0, _("gateway clear takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  if (!sd_sms_gateway_settings_clear (session, &error))
    return sd_cli_fail (error);
  g_print (_("The SMS gateway and its keys are removed.\n"));
  return SD_CLI_OK;
}

int
sd_cli_gateway (const SdCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("gateway needs a command: set, status, test or clear."));
  if (g_str_equal (argv[1], "set"))
    return run_set (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "status"))
    return run_status (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "test"))
    return run_test (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "clear"))
    return run_clear (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown gateway command “%s”."), argv[1]);
}
