/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <stdlib.h>
#include <string.h>

#include "sd-campaign-send.h"
#include "sd-campaigns.h"
#include "sd-cli.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-segments.h"
#include "sd-sms-settings.h"
#include "sd-values.h"

/* campaign: drafts, their audience and estimate, confirming the outbox, status and
 * results (sd-campaigns.h); sms settings: the shop's sending hours, cap, opt-out wording,
 * blocked words, test phone and price (sd-sms-settings.h). Sending itself (campaign
 * test|send|pause|resume) is sd-cli-send.c's. */

/* Thousandths of a fen as money to the fen, rounded: ¥1,234.50. */
static char *
format_mfen (gint64 mfen)
{
  return sd_format_money_display ((mfen + 500) / 1000);
}

/* The command's campaign id argument (argv[1]); FALSE with the usage error's status. */
static gboolean
arg_id (char      **argv,
        gint64     *out_id,
        int        *out_status)
{
  if (!sd_cli_parse_id (argv[1], out_id))
    {
      *out_status = sd_cli_usage (_("“%s” is not a campaign id."), argv[1]);
      return FALSE;
    }
  return TRUE;
}

/* ---- The audience option: all, grade:N, segment:NAME, tags:A,B, customers:1,2 ---- */

static gboolean
parse_audience (SdSession   *session,
                const char  *text,
                SdCampaign  *campaign,
                GError     **error)
{
  const char *colon = strchr (text, ':');
  g_autofree char *kind = colon ? g_strndup (text, colon - text) : g_strdup (text);
  const char *value = colon ? colon + 1 : "";

  if (!sd_audience_kind_from_string (kind, &campaign->audience_kind))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("“%s” is not an audience: use all, grade:N, segment:NAME, tags:A,B or customers:ID,ID."), text);
      return FALSE;
    }
  switch (campaign->audience_kind)
    {
    case SD_AUDIENCE_GRADE:
      if (!sd_cli_parse_id (value, &(gint64) { 0 }) && g_strcmp0 (value, "0") != 0)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("“%s” is not a grade (0 to 4)."), value);
          return FALSE;
        }
      campaign->grade = atoi (value);
      return TRUE;
    case SD_AUDIENCE_SEGMENT:
      {
        g_autoptr(SdSegment) segment = sd_segments_lookup (session, value, error);
        if (segment == NULL)
          return FALSE;
        campaign->segment_id = segment->id;
        return TRUE;
      }
    case SD_AUDIENCE_TAGS:
      g_strfreev (campaign->tags);
      campaign->tags = g_strsplit (value, ",", -1);
      return TRUE;
    case SD_AUDIENCE_CUSTOMERS:
      {
        g_auto(GStrv) ids = g_strsplit (value, ",", -1);
        campaign->customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        for (guint i = 0; ids[i] != NULL; i++)
          {
            gint64 id;
            if (!sd_cli_parse_id (g_strstrip (ids[i]), &id))
              {
                g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("“%s” is not a customer id."), ids[i]);
                return FALSE;
              }
            g_array_append_val (campaign->customer_ids, id);
          }
        return TRUE;
      }
    case SD_AUDIENCE_ALL:
    default:
      return TRUE;
    }
}

static char *
describe_audience (const SdCampaign *c)
{
  g_autofree char *list = NULL;

  switch (c->audience_kind)
    {
    case SD_AUDIENCE_GRADE:
      return g_strdup_printf ("grade:%d", c->grade);
    case SD_AUDIENCE_SEGMENT:
      return g_strdup_printf ("segment:%lld", (long long) c->segment_id);
    case SD_AUDIENCE_TAGS:
      list = c->tags ? g_strjoinv (",", c->tags) : g_strdup ("");
      return g_strdup_printf ("tags:%s", list);
    case SD_AUDIENCE_CUSTOMERS:
      return g_strdup_printf ("customers:%u", c->customer_ids ? c->customer_ids->len : 0);
    case SD_AUDIENCE_ALL:
    default:
      return g_strdup ("all");
    }
}

/* ---- JSON ---- */

static void
build_campaign (JsonBuilder      *b,
                const SdCampaign *c)
{
  g_autofree char *audience = describe_audience (c);

  json_builder_begin_object (b);
  sd_json_add_int (b, "id", c->id);
  sd_json_add_string (b, "name", c->name);
  sd_json_add_string (b, "state", sd_campaign_state_to_string (c->state));
  sd_json_add_string (b, "template_code", c->template_code);
  sd_json_add_string (b, "body", c->body);
  sd_json_add_string (b, "audience", audience);
  sd_json_add_int (b, "holdout_percent", c->holdout_percent);
  sd_json_add_int (b, "attribution_days", c->attribution_days);
  sd_json_add_iso_time (b, "scheduled_at", c->scheduled_at);
  sd_json_add_string (b, "pause_reason", c->pause_reason);
  sd_json_add_iso_time (b, "created_at", c->created_at);
  sd_json_add_iso_time (b, "confirmed_at", c->confirmed_at);
  sd_json_add_iso_time (b, "started_at", c->started_at);
  sd_json_add_iso_time (b, "finished_at", c->finished_at);
}

static void
add_campaign (JsonBuilder   *b,
              gconstpointer  campaign)
{
  build_campaign (b, campaign);
  json_builder_end_object (b);
}

static void
add_exclusions (JsonBuilder  *b,
                const gint64  excluded[SD_EXCLUSION_N])
{
  json_builder_set_member_name (b, "excluded");
  json_builder_begin_object (b);
  for (int i = 0; i < SD_EXCLUSION_N; i++)
    sd_json_add_int (b, sd_exclusion_to_string (i), excluded[i]);
  json_builder_end_object (b);
}

static void
build_estimate (JsonBuilder              *b,
                const SdCampaignEstimate *e)
{
  json_builder_begin_object (b);
  sd_json_add_int (b, "audience", e->audience);
  add_exclusions (b, e->excluded);
  sd_json_add_int (b, "holdout", e->holdout);
  sd_json_add_int (b, "recipients", e->recipients);
  sd_json_add_int (b, "parts", e->parts);
  sd_json_add_int (b, "cost_mfen", e->cost_mfen);
  sd_json_add_string (b, "longest_text", e->longest_text);
  sd_json_add_string (b, "longest_encoding", sd_sms_encoding_to_string (e->longest_count.encoding));
  sd_json_add_int (b, "longest_units", e->longest_count.units);
  sd_json_add_int (b, "longest_parts", e->longest_count.parts);
  sd_json_add_bool (b, "has_errors", e->has_errors);
  json_builder_set_member_name (b, "lint");
  json_builder_begin_array (b);
  for (guint i = 0; i < e->lint->len; i++)
    {
      const SdSmsLintIssue *issue = g_ptr_array_index (e->lint, i);
      json_builder_begin_object (b);
      sd_json_add_int (b, "kind", issue->kind);
      sd_json_add_string (b, "message", issue->message);
      sd_json_add_int (b, "offset", issue->offset);
      sd_json_add_int (b, "length", issue->length);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "previews");
  json_builder_begin_array (b);
  for (guint i = 0; i < e->previews->len; i++)
    {
      const SdCampaignPreview *p = g_ptr_array_index (e->previews, i);
      json_builder_begin_object (b);
      sd_json_add_int (b, "customer_id", p->customer_id);
      sd_json_add_string (b, "name", p->name);
      sd_json_add_string (b, "phone", p->phone);
      sd_json_add_string (b, "text", p->text);
      sd_json_add_string (b, "encoding", sd_sms_encoding_to_string (p->count.encoding));
      sd_json_add_int (b, "units", p->count.units);
      sd_json_add_int (b, "parts", p->count.parts);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* ---- Plain text ---- */

static void
print_estimate (const SdCampaignEstimate *e,
                gboolean                  previews)
{
  g_autofree char *audience = sd_format_count (e->audience);
  g_autofree char *recipients = sd_format_count (e->recipients);
  g_autofree char *holdout = sd_format_count (e->holdout);
  g_autofree char *parts = sd_format_count (e->parts);
  g_autofree char *cost = format_mfen (e->cost_mfen);

  g_print (_("Audience:   %s\n"), audience);
  for (int i = 0; i < SD_EXCLUSION_N; i++)
    if (e->excluded[i] > 0)
      {
        g_autofree char *n = sd_format_count (e->excluded[i]);
        g_print (_("  excluded: %s — %s\n"), n, sd_exclusion_get_label (i));
      }
  g_print (_("Holdout:    %s\n"), holdout);
  g_print (_("Recipients: %s\n"), recipients);
  g_print (_("Parts:      %s (%s)\n"), parts, cost);
  if (*e->longest_text != '\0')
    {
      g_autofree char *units = SD_CLI_FORMAT_COUNTED (e->longest_count.units, "%s character", "%s characters");
      g_autofree char *longest_parts = SD_CLI_FORMAT_COUNTED (e->longest_count.parts, "%s part", "%s parts");

      /* TRANSLATORS: "Longest:    70 characters, 1 part: 【小店】…" */
      g_print (_("Longest:    %s, %s: %s\n"), units, longest_parts, e->longest_text);
    }
  for (guint i = 0; i < e->lint->len; i++)
    {
      const SdSmsLintIssue *issue = g_ptr_array_index (e->lint, i);
      g_print (issue->kind == SD_SMS_LINT_LINK ? _("Warning:    %s\n") : _("Error:      %s\n"), issue->message);
    }
  for (guint i = 0; previews && i < e->previews->len; i++)
    {
      const SdCampaignPreview *p = g_ptr_array_index (e->previews, i);
      g_print ("\n#%lld %s %s (%u/%u)\n%s\n", (long long) p->customer_id, p->name, p->phone, p->count.units,
               p->count.parts, p->text);
    }
}

/* ---- Commands ---- */

static int
run_create (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME --body TEXT — a new campaign draft"));
  g_autofree char *body = NULL, *template_code = NULL, *opt_out = NULL, *coupon = NULL, *audience = NULL;
  g_autofree char *at = NULL;
  g_auto(GStrv) fields = NULL;
  int holdout = 0, attribution = 0, seed = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "body", 0, 0, G_OPTION_ARG_STRING, &body, N_("The message, with {name}-style placeholders"), "TEXT" },
    { "template-code", 0, 0, G_OPTION_ARG_STRING, &template_code, N_("The gateway's approved template"), "CODE" },
    { "opt-out", 0, 0, G_OPTION_ARG_STRING, &opt_out, N_("The opt-out wording (default: the shop's)"), "TEXT" },
    { "coupon", 0, 0, G_OPTION_ARG_STRING, &coupon, N_("The {coupon} placeholder's value"), "TEXT" },
    { "field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &fields, N_("A placeholder of its own (repeatable)"), "NAME=VALUE" },
    { "audience", 0, 0, G_OPTION_ARG_STRING, &audience,
      N_("all, grade:N, segment:NAME, tags:A,B or customers:ID,ID (default: all)"), "AUDIENCE" },
    { "holdout", 0, 0, G_OPTION_ARG_INT, &holdout, N_("Percent of the audience kept back (0-50)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("The holdout's seed (default: drawn)"), "N" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When to send (default: once confirmed)"), "TIME" },
    { "attribution-days", 0, 0, G_OPTION_ARG_INT, &attribution, N_("Days orders count for (1-90, default 7)"), "N" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCampaign) c = sd_campaign_new ();
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, 1, _("campaign create needs the campaign's name and --body TEXT."),
                             &argc, &argv, NULL, &status))
    return status;
  if (body == NULL)
    return sd_cli_usage (_("campaign create needs --body TEXT: the message."));
  if (at != NULL)
    {
      g_autofree char *message = NULL;
      if (!sd_parse_time (at, &c->scheduled_at, &message))
        return sd_cli_usage (_("--at: %s"), message);
    }
  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      const char *eq = strchr (fields[i], '=');
      if (eq == NULL || eq == fields[i])
        return sd_cli_usage (_("--field takes NAME=VALUE, not “%s”."), fields[i]);
      g_hash_table_replace (c->custom_fields, g_strndup (fields[i], eq - fields[i]), g_strdup (eq + 1));
    }

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  g_free (c->name);
  c->name = g_strdup (argv[1]);
  g_free (c->body);
  c->body = g_steal_pointer (&body);
#define TAKE(field, value) if (value != NULL) { g_free (c->field); c->field = g_steal_pointer (&value); }
  TAKE (template_code, template_code);
  TAKE (opt_out_text, opt_out);
  TAKE (coupon, coupon);
#undef TAKE
  c->holdout_percent = holdout;
  c->holdout_seed = (guint32) seed;
  c->attribution_days = attribution;
  if (audience != NULL && !parse_audience (session, audience, c, &error))
    return sd_cli_fail (error);
  c->id = sd_campaigns_create (session, c, &error);
  if (c->id == 0)
    return sd_cli_fail (error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(SdCampaign) saved = sd_campaigns_get (session, c->id, NULL);
      build_campaign (b, saved ? saved : c);
      json_builder_end_object (b);
      sd_cli_print_json (b);
    }
  else
    g_print (_("Created the campaign draft “%s” (#%lld).\n"), c->name, (long long) c->id);
  return SD_CLI_OK;
}

/* estimate and preview: the same figures, preview with the first messages. */
static int
run_estimate (const SdCliGlobals *globals,
              int                 argc,
              char              **argv,
              gboolean            preview)
{
  g_autoptr(GOptionContext) context = g_option_context_new (preview ? _("ID — the messages as they would be sent")
                                                                    : _("ID — who would be sent, and the cost"));
  int limit = 5;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("How many messages to show (default 5)"), "N" },
    { NULL }
  };
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCampaignEstimate) e = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;
  gint64 id;

  if (preview)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (globals, context, &json, 1, _("This command needs a campaign id."), &argc, &argv,
                             &session, &status))
    return status;
  if (!arg_id (argv, &id, &status))
    return status;
  if (limit < 0)
    return sd_cli_usage (_("--limit cannot be negative."));
  e = sd_campaigns_estimate (session, id, preview ? (guint) limit : 0, NULL, &error);
  if (e == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      build_estimate (b, e);
      sd_cli_print_json (b);
    }
  else
    print_estimate (e, preview);
  return SD_CLI_OK;
}

static int
run_confirm (const SdCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID --recipients N — freeze the outbox"));
  gint64 expected = -1;
  GOptionEntry entries[] = {
    { "recipients", 0, 0, G_OPTION_ARG_INT64, &expected,
      N_("The recipients the estimate said: refused if the audience changed since"), "N" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCampaign) c = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;
  gint64 id;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("campaign confirm needs a campaign id and --recipients N."),
                             &argc, &argv, NULL, &status))
    return status;
  if (!arg_id (argv, &id, &status))
    return status;
  if (expected < 0)
    return sd_cli_usage (_("campaign confirm needs --recipients N: the count campaign estimate gave."));
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (!sd_campaigns_confirm (session, id, expected, NULL, &error) ||
      !(c = sd_campaigns_get (session, id, &error)))
    return sd_cli_fail (error);
  {
    g_autofree char *queued = SD_CLI_FORMAT_COUNTED (expected, "%s message queued", "%s messages queued");

    /* TRANSLATORS: "Campaign #3 is Sending: 1,352 messages queued." */
    g_print (_("Campaign #%lld is %s: %s.\n"), (long long) id, sd_campaign_state_get_label (c->state), queued);
  }
  return SD_CLI_OK;
}

static int
run_list (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the campaigns, newest first"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("campaign list takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  list = sd_campaigns_list (session, &error);
  if (list == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      sd_cli_print_json_array (list, add_campaign);
      return SD_CLI_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      const SdCampaign *c = g_ptr_array_index (list, i);
      g_autofree char *name = sd_cli_pad (c->name, 24);
      g_autofree char *state = sd_cli_pad (sd_campaign_state_get_label (c->state), 10);
      g_autofree char *when = sd_cli_format_time (c->created_at);
      g_print ("%4lld  %s %s %s\n", (long long) c->id, name, state, when);
    }
  if (list->len == 0)
    g_printerr (_("No campaigns yet: make one with campaign create NAME --body TEXT.\n"));
  return SD_CLI_OK;
}

static void
add_report (JsonBuilder            *b,
            const SdCampaignReport *r)
{
  GHashTableIter iter;
  gpointer key, value;

  json_builder_set_member_name (b, "messages");
  json_builder_begin_object (b);
  for (int i = 0; i < SD_RECIPIENT_STATE_N; i++)
    sd_json_add_int (b, sd_recipient_state_to_string (i), r->by_state[i]);
  json_builder_end_object (b);
  add_exclusions (b, r->excluded);
  json_builder_set_member_name (b, "failed_by_code");
  json_builder_begin_object (b);
  g_hash_table_iter_init (&iter, r->failed_by_code);
  while (g_hash_table_iter_next (&iter, &key, &value))
    sd_json_add_int (b, key, *(gint64 *) value);
  json_builder_end_object (b);
  sd_json_add_int (b, "parts_billed", r->parts_billed);
  sd_json_add_int (b, "cost_mfen", r->cost_mfen);
}

static void
add_attribution (JsonBuilder            *b,
                 const SdCampaignReport *r)
{
  sd_json_add_iso_time (b, "attribution_start", r->attribution_start);
  sd_json_add_iso_time (b, "attribution_end", r->attribution_end);
  sd_json_add_int (b, "recipients", r->recipients);
  sd_json_add_int (b, "recipient_buyers", r->recipient_buyers);
  sd_json_add_int (b, "recipient_orders", r->recipient_orders);
  sd_json_add_int (b, "recipient_revenue_cents", r->recipient_revenue_cents);
  sd_json_add_int (b, "holdout", r->holdout);
  sd_json_add_int (b, "holdout_buyers", r->holdout_buyers);
  sd_json_add_int (b, "holdout_orders", r->holdout_orders);
  sd_json_add_int (b, "holdout_revenue_cents", r->holdout_revenue_cents);
#define ADD_DOUBLE(name) json_builder_set_member_name (b, #name); json_builder_add_double_value (b, r->name)
  ADD_DOUBLE (recipient_conversion);
  ADD_DOUBLE (holdout_conversion);
  ADD_DOUBLE (revenue_per_recipient_cents);
  json_builder_set_member_name (b, "uplift");
  if (r->has_uplift)
    {
      json_builder_begin_object (b);
      ADD_DOUBLE (uplift);
      json_builder_set_member_name (b, "low");
      json_builder_add_double_value (b, r->uplift_low);
      json_builder_set_member_name (b, "high");
      json_builder_add_double_value (b, r->uplift_high);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
#undef ADD_DOUBLE
  json_builder_set_member_name (b, "days");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->days->len; i++)
    {
      const SdCampaignDay *d = &g_array_index (r->days, SdCampaignDay, i);
      json_builder_begin_object (b);
      sd_json_add_iso_time (b, "day", d->day);
      sd_json_add_int (b, "delivered", d->delivered);
      sd_json_add_int (b, "orders", d->orders);
      sd_json_add_int (b, "revenue_cents", d->revenue_cents);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
print_messages (const SdCampaignReport *r)
{
  g_autofree char *cost = format_mfen (r->cost_mfen);
  g_autofree char *parts = sd_format_count (r->parts_billed);
  GHashTableIter iter;
  gpointer key, value;

  for (int i = 0; i < SD_RECIPIENT_STATE_N; i++)
    if (r->by_state[i] > 0)
      {
        g_autofree char *n = sd_format_count (r->by_state[i]);
        g_autofree char *label = sd_cli_pad (sd_recipient_state_get_label (i), 12);
        g_print ("  %s %10s\n", label, n);
      }
  for (int i = 0; i < SD_EXCLUSION_N; i++)
    if (r->excluded[i] > 0)
      {
        g_autofree char *n = sd_format_count (r->excluded[i]);
        g_print (_("    excluded: %s — %s\n"), n, sd_exclusion_get_label (i));
      }
  g_hash_table_iter_init (&iter, r->failed_by_code);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *n = sd_format_count (*(gint64 *) value);
      g_print (_("    failed: %s — %s\n"), n, (const char *) key);
    }
  g_print (_("Parts billed: %s (%s)\n"), parts, cost);
}

/* "1,502, 1 bought (0.1%), 1,234 orders, ¥12,340.00": a group of the attribution. */
static char *
describe_group (gint64 people,
                gint64 buyers,
                double conversion,
                gint64 orders,
                gint64 revenue_cents)
{
  g_autofree char *n_people = sd_format_count (people);
  g_autofree char *n_buyers = sd_format_count (buyers);
  g_autofree char *n_orders = SD_CLI_FORMAT_COUNTED (orders, "%s order", "%s orders");
  g_autofree char *revenue = sd_format_money_display (revenue_cents);

  /* TRANSLATORS: people, buyers among them, their share, "N orders", revenue. */
  return g_strdup_printf (_("%s, %s bought (%.1f%%), %s, %s"), n_people, n_buyers, 100 * conversion, n_orders,
                          revenue);
}

static void
print_attribution (const SdCampaignReport *r)
{
  g_autofree char *recipients = NULL;
  g_autofree char *holdout = NULL;

  if (r->attribution_start == 0)
    {
      g_print (_("Not sent yet: no orders to attribute.\n"));
      return;
    }
  recipients = describe_group (r->recipients, r->recipient_buyers, r->recipient_conversion, r->recipient_orders,
                               r->recipient_revenue_cents);
  holdout = describe_group (r->holdout, r->holdout_buyers, r->holdout_conversion, r->holdout_orders,
                            r->holdout_revenue_cents);
  g_print (_("Recipients: %s\n"), recipients);
  g_print (_("Holdout:    %s\n"), holdout);
  if (r->has_uplift)
    g_print (_("Uplift:     %+.1f points (95%% CI %+.1f to %+.1f)\n"), 100 * r->uplift, 100 * r->uplift_low,
             100 * r->uplift_high);
}

/* status: the campaign and its messages; report: that and the orders after it. */
static int
run_report (const SdCliGlobals *globals,
            int                 argc,
            char              **argv,
            gboolean            attribution)
{
  g_autoptr(GOptionContext) context = g_option_context_new (attribution ? _("ID — the campaign's results")
                                                                        : _("ID — the campaign's progress"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCampaign) c = NULL;
  g_autoptr(SdCampaignReport) r = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;
  gint64 id;

  if (!sd_cli_begin_command (globals, context, &json, 1, _("This command needs a campaign id."), &argc, &argv,
                             &session, &status))
    return status;
  if (!arg_id (argv, &id, &status))
    return status;
  if (!(c = sd_campaigns_get (session, id, &error)) ||
      !(r = sd_campaigns_report (session, id, &error)))
    return sd_cli_fail (error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      build_campaign (b, c);
      add_report (b, r);
      if (attribution)
        add_attribution (b, r);
      json_builder_end_object (b);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }
  g_print (_("#%lld %s — %s\n"), (long long) c->id, c->name, sd_campaign_state_get_label (c->state));
  if (*c->pause_reason != '\0')
    {
      g_autofree char *why = sd_campaign_describe_pause_reason (c->pause_reason);
      g_print (_("Paused: %s (%s)\n"), why, c->pause_reason);
    }
  print_messages (r);
  if (attribution)
    print_attribution (r);
  return SD_CLI_OK;
}

typedef enum { SIMPLE_DELETE, SIMPLE_CANCEL } SimpleChange;

static int
run_simple (const SdCliGlobals *globals,
            int                 argc,
            char              **argv,
            SimpleChange        change)
{
  g_autoptr(GOptionContext) context = g_option_context_new (change == SIMPLE_DELETE ? _("ID — delete a draft")
                                                                                    : _("ID — cancel a campaign"));
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;
  gint64 id;

  if (!sd_cli_begin_command (globals, context, NULL, 1, _("This command needs a campaign id."), &argc, &argv,
                             &session, &status))
    return status;
  if (!arg_id (argv, &id, &status))
    return status;
  if (!(change == SIMPLE_DELETE ? sd_campaigns_delete (session, id, &error) : sd_campaigns_cancel (session, id, &error)))
    return sd_cli_fail (error);
  g_print (change == SIMPLE_DELETE ? _("Deleted campaign #%lld.\n") : _("Cancelled campaign #%lld.\n"), (long long) id);
  return SD_CLI_OK;
}

int
sd_cli_campaign (const SdCliGlobals *globals,
                 int                 argc,
                 char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("campaign needs a command: create, preview, estimate, confirm, list, status, report, "
                           "cancel, delete, test, send, pause, resume or poll."));
  if (g_str_equal (argv[1], "create"))
    return run_create (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "preview"))
    return run_estimate (globals, argc - 1, argv + 1, TRUE);
  if (g_str_equal (argv[1], "estimate"))
    return run_estimate (globals, argc - 1, argv + 1, FALSE);
  if (g_str_equal (argv[1], "confirm"))
    return run_confirm (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return run_list (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "status"))
    return run_report (globals, argc - 1, argv + 1, FALSE);
  if (g_str_equal (argv[1], "report"))
    return run_report (globals, argc - 1, argv + 1, TRUE);
  if (g_str_equal (argv[1], "cancel"))
    return run_simple (globals, argc - 1, argv + 1, SIMPLE_CANCEL);
  if (g_str_equal (argv[1], "delete"))
    return run_simple (globals, argc - 1, argv + 1, SIMPLE_DELETE);
  /* Sending is sd-cli-send.c's. */
  if (g_str_equal (argv[1], "test") || g_str_equal (argv[1], "send") || g_str_equal (argv[1], "pause") ||
      g_str_equal (argv[1], "resume") || g_str_equal (argv[1], "poll"))
    return sd_cli_campaign_send (globals, argc, argv);
  return sd_cli_usage (_("Unknown campaign command “%s”."), argv[1]);
}

/* ---- sms settings ---- */

static gboolean
parse_cap (const char *text,
           int        *out_count,
           int        *out_days)
{
  char *end = NULL;
  gint64 count = g_ascii_strtoll (text, &end, 10);
  gint64 days;

  if (end == text || *end != '/' || count < 0 || count > 1000)
    return FALSE;
  text = end + 1;
  days = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || days < 0 || days > 365)
    return FALSE;
  *out_count = (int) count;
  *out_days = (int) days;
  return TRUE;
}

static void
print_settings (const SdSmsSettings *s,
                gboolean             json)
{
  g_autofree char *hours = sd_sms_settings_format_hours (s->send_start_minute, s->send_end_minute);
  g_autofree char *words = g_strjoinv (", ", s->blocked_words);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      sd_json_add_string (b, "hours", hours);
      sd_json_add_int (b, "cap_count", s->cap_count);
      sd_json_add_int (b, "cap_days", s->cap_days);
      sd_json_add_string (b, "opt_out_text", s->opt_out_text);
      json_builder_set_member_name (b, "blocked_words");
      json_builder_begin_array (b);
      for (guint i = 0; s->blocked_words[i] != NULL; i++)
        json_builder_add_string_value (b, s->blocked_words[i]);
      json_builder_end_array (b);
      sd_json_add_string (b, "test_phone", s->test_phone);
      sd_json_add_int (b, "price_per_part_mfen", s->price_per_part_mfen);
      json_builder_end_object (b);
      sd_cli_print_json (b);
      return;
    }
  g_print (_("Sending hours:  %s (shop time)\n"), hours);
  if (s->cap_count > 0 && s->cap_days > 0)
    {
      g_autofree char *days = SD_CLI_FORMAT_COUNTED (s->cap_days, "%s day", "%s days");
      /* TRANSLATORS: "Frequency cap:  1 per number in 7 days" */
      g_print (_("Frequency cap:  %d per number in %s\n"), s->cap_count, days);
    }
  else
    g_print (_("Frequency cap:  none\n"));
  g_print (_("Opt-out text:   %s\n"), s->opt_out_text);
  g_print (_("Blocked words:  %s\n"), *words != '\0' ? words : _("none"));
  g_print (_("Test phone:     %s\n"), *s->test_phone != '\0' ? s->test_phone : _("none"));
  g_print (_("Price per part: ¥%lld.%05lld\n"), (long long) (s->price_per_part_mfen / 100000),
           (long long) (s->price_per_part_mfen % 100000));
}

/* The words of FILE, one a line. */
static GStrv
read_words (const char  *path,
            GError     **error)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  g_strdelimit (text, "\r", '\n');
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    for (guint i = 0; lines[i] != NULL; i++)
      if (*g_strstrip (lines[i]) != '\0')
        g_strv_builder_add (builder, lines[i]);
    return g_strv_builder_end (builder);
  }
}

static int
run_sms_settings (const SdCliGlobals *globals,
                  int                 argc,
                  char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— show or change the shop's SMS settings"));
  g_autofree char *hours = NULL, *cap = NULL, *opt_out = NULL, *words_file = NULL, *test_phone = NULL;
  g_autofree char *price = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "hours", 0, 0, G_OPTION_ARG_STRING, &hours, N_("When messages may go out, shop time"), "08:00-20:00" },
    { "cap", 0, 0, G_OPTION_ARG_STRING, &cap, N_("At most N messages a number in DAYS days (0/0: none)"), "N/DAYS" },
    { "opt-out", 0, 0, G_OPTION_ARG_STRING, &opt_out, N_("The opt-out wording"), "TEXT" },
    { "blocked-words", 0, 0, G_OPTION_ARG_FILENAME, &words_file, N_("Words the gateway rejects, one a line"), "FILE" },
    { "test-phone", 0, 0, G_OPTION_ARG_STRING, &test_phone, N_("Where test messages go (\"\" for none)"), "NUMBER" },
    { "price-per-part", 0, 0, G_OPTION_ARG_STRING, &price, N_("What one billed part costs"), "YUAN" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdSmsSettings) s = NULL;
  g_auto(GStrv) words = NULL;
  int start = 0, end = 0, cap_count = 0, cap_days = 0;
  gint64 mfen = 0;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, 0, _("sms settings takes options only."), &argc, &argv,
                             NULL, &status))
    return status;
  if (hours != NULL && !sd_sms_settings_parse_hours (hours, &start, &end))
    return sd_cli_usage (_("--hours takes HH:MM-HH:MM, e.g. 08:00-20:00, not “%s”."), hours);
  if (cap != NULL && !parse_cap (cap, &cap_count, &cap_days))
    return sd_cli_usage (_("--cap takes N/DAYS, e.g. 1/7, not “%s”."), cap);
  if (price != NULL && !sd_sms_settings_parse_price (price, &mfen))
    return sd_cli_usage (_("--price-per-part takes yuan, e.g. 0.045, not “%s”."), price);
  if (words_file != NULL && !(words = read_words (words_file, &error)))
    return sd_cli_fail (error);

  session = sd_cli_open_session (globals, &error);
  if (session == NULL || !(s = sd_sms_settings_get (session, &error)))
    return sd_cli_fail (error);
  if (hours || cap || opt_out || words || test_phone || price)
    {
      if (hours)
        s->send_start_minute = start, s->send_end_minute = end;
      if (cap)
        s->cap_count = cap_count, s->cap_days = cap_days;
      if (opt_out)
        g_free (s->opt_out_text), s->opt_out_text = g_steal_pointer (&opt_out);
      if (words)
        g_strfreev (s->blocked_words), s->blocked_words = g_steal_pointer (&words);
      if (test_phone)
        g_free (s->test_phone), s->test_phone = g_steal_pointer (&test_phone);
      if (price)
        s->price_per_part_mfen = mfen;
      if (!sd_sms_settings_set (session, s, &error))
        return sd_cli_fail (error);
      g_clear_pointer (&s, sd_sms_settings_free);
      if (!(s = sd_sms_settings_get (session, &error)))
        return sd_cli_fail (error);
    }
  print_settings (s, json);
  return SD_CLI_OK;
}

/* sms settings …: ARGV[0] is "settings" (sd-cli-sms.c's dispatcher hands it over). */
int
sd_cli_sms_settings (const SdCliGlobals *globals,
                     int                 argc,
                     char              **argv)
{
  return run_sms_settings (globals, argc, argv);
}
