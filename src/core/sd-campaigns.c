/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-campaigns"

#include <math.h>

#include "sd-i18n.h"

#include "sd-audit.h"
#include "sd-campaign-store-private.h"
#include "sd-campaigns.h"
#include "sd-error.h"
#include "sd-phone.h"
#include "sd-segments.h"
#include "sd-shop.h"
#include "sd-sms-settings.h"
#include "sd-tiers.h"
#include "sd-values.h"


/* ---- Names ---- */

static const char * const exclusion_strings[SD_EXCLUSION_N] = {
  "opted_out", "no_mobile", "invalid_mobile", "masked_mobile", "duplicate", "frequency_cap", "blocked",
};

static const char * const recipient_state_strings[SD_RECIPIENT_STATE_N] = {
  "excluded", "holdout", "queued", "submitting", "accepted", "delivered", "failed", "withdrawn",
};

static gboolean
lookup (const char * const *strings,
        int                 n,
        const char         *string,
        int                *out_index)
{
  for (int i = 0; i < n; i++)
    if (g_strcmp0 (strings[i], string) == 0)
      {
        *out_index = i;
        return TRUE;
      }
  return FALSE;
}

const char *
sd_exclusion_to_string (SdExclusion exclusion)
{
  return (guint) exclusion < SD_EXCLUSION_N ? exclusion_strings[exclusion] : NULL;
}

gboolean
sd_exclusion_from_string (const char  *string,
                          SdExclusion *out_exclusion)
{
  int i;

  if (!lookup (exclusion_strings, SD_EXCLUSION_N, string, &i))
    return FALSE;
  *out_exclusion = (SdExclusion) i;
  return TRUE;
}

const char *
sd_exclusion_get_label (SdExclusion exclusion)
{
  switch (exclusion)
    {
    case SD_EXCLUSION_OPTED_OUT:
      return _("Opted out");
    case SD_EXCLUSION_NO_MOBILE:
      return _("No mobile number");
    case SD_EXCLUSION_INVALID_MOBILE:
      return _("Invalid mobile number");
    case SD_EXCLUSION_MASKED_MOBILE:
      return _("Masked mobile number");
    case SD_EXCLUSION_DUPLICATE:
      return _("Number shared with another customer");
    case SD_EXCLUSION_FREQUENCY_CAP:
      return _("Messaged recently (frequency cap)");
    case SD_EXCLUSION_BLOCKED:
      return _("Blocked by the shop");
    case SD_EXCLUSION_N:
    default:
      return "";
    }
}

const char *
sd_recipient_state_to_string (SdRecipientState state)
{
  return (guint) state < SD_RECIPIENT_STATE_N ? recipient_state_strings[state] : NULL;
}

gboolean
sd_recipient_state_from_string (const char       *string,
                                SdRecipientState *out_state)
{
  int i;

  if (!lookup (recipient_state_strings, SD_RECIPIENT_STATE_N, string, &i))
    return FALSE;
  *out_state = (SdRecipientState) i;
  return TRUE;
}

const char *
sd_recipient_state_get_label (SdRecipientState state)
{
  switch (state)
    {
    case SD_RECIPIENT_EXCLUDED:
      return C_("message state", "Excluded");
    case SD_RECIPIENT_HOLDOUT:
      return C_("message state", "Holdout");
    case SD_RECIPIENT_QUEUED:
      return C_("message state", "Queued");
    case SD_RECIPIENT_SUBMITTING:
      return C_("message state", "Submitting");
    case SD_RECIPIENT_ACCEPTED:
      return C_("message state", "Accepted");
    case SD_RECIPIENT_DELIVERED:
      return C_("message state", "Delivered");
    case SD_RECIPIENT_FAILED:
      return C_("message state", "Failed");
    case SD_RECIPIENT_WITHDRAWN:
      return C_("message state", "Withdrawn");
    case SD_RECIPIENT_STATE_N:
    default:
      return "";
    }
}

/* ---- Records ---- */

void
sd_campaign_preview_free (SdCampaignPreview *preview)
{
  if (preview == NULL)
    return;
  g_free (preview->name);
  g_free (preview->phone);
  g_free (preview->text);
  g_free (preview);
}

void
sd_campaign_estimate_free (SdCampaignEstimate *estimate)
{
  if (estimate == NULL)
    return;
  g_free (estimate->longest_text);
  g_clear_pointer (&estimate->previews, g_ptr_array_unref);
  g_clear_pointer (&estimate->lint, g_ptr_array_unref);
  g_free (estimate);
}

void
sd_campaign_report_free (SdCampaignReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->failed_by_code, g_hash_table_unref);
  g_clear_pointer (&report->days, g_array_unref);
  g_free (report);
}

/* ---- Drafts ---- */

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT, message);
  return FALSE;
}

/* A copy of CAMPAIGN fit to store as a draft (name trimmed, defaults in), or NULL. */
static SdCampaign *
check_draft (SdSession         *session,
             const SdCampaign  *campaign,
             GError           **error)
{
  g_autoptr(SdCampaign) copy = sd_campaign_copy (campaign);
  g_autoptr(SdSegment) segment = NULL;
  glong chars;

  g_free (copy->name);
  copy->name = g_strstrip (g_strdup (campaign->name ? campaign->name : ""));
  chars = g_utf8_strlen (copy->name, -1);
  if (chars < 1 || chars > SD_CAMPAIGN_NAME_MAX_CHARS)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("A campaign’s name has 1 to %d characters."), SD_CAMPAIGN_NAME_MAX_CHARS);
      return NULL;
    }
  if (copy->holdout_percent < 0 || copy->holdout_percent > SD_CAMPAIGN_HOLDOUT_MAX)
    /* xgettext:no-c-format */
    return invalid (error, _("The holdout is 0% to 50% of the audience.")), NULL;
  if (copy->attribution_days == 0)
    copy->attribution_days = 7;
  if (copy->attribution_days < 1 || copy->attribution_days > 90)
    return invalid (error, _("Orders are counted for 1 to 90 days after sending.")), NULL;
  if (copy->scheduled_at < 0)
    return invalid (error, _("The scheduled time is not a time.")), NULL;

  switch (copy->audience_kind)
    {
    case SD_AUDIENCE_ALL:
      break;
    case SD_AUDIENCE_GRADE:
      if (copy->grade < 0 || copy->grade >= SD_TIER_N_GRADES)
        return invalid (error, _("The audience’s grade does not exist.")), NULL;
      break;
    case SD_AUDIENCE_SEGMENT:
      segment = sd_segments_get (session, copy->segment_id, error);
      if (segment == NULL)
        return NULL;
      break;
    case SD_AUDIENCE_TAGS:
      if (copy->tags == NULL || copy->tags[0] == NULL)
        return invalid (error, _("Choose at least one tag for the audience.")), NULL;
      break;
    case SD_AUDIENCE_CUSTOMERS:
      if (copy->customer_ids == NULL || copy->customer_ids->len == 0)
        return invalid (error, _("Choose at least one customer for the audience.")), NULL;
      if (copy->customer_ids->len > SD_CAMPAIGN_CUSTOMERS_MAX)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                       _("A campaign can hand-pick at most %d customers: save them as a segment and send to it."),
                       SD_CAMPAIGN_CUSTOMERS_MAX);
          return NULL;
        }
      break;
    default:
      return invalid (error, _("The audience is not one a campaign can have.")), NULL;
    }
  return g_steal_pointer (&copy);
}

/* Runs a change and its audit entry as one transaction. */
typedef gboolean (*ChangeFunc) (SdDb *db, SdCampaign *campaign, GError **error);

static gboolean
change_and_audit (SdSession   *session,
                  ChangeFunc   func,
                  SdCampaign  *campaign,
                  const char  *action,
                  GError     **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autofree char *object_id = NULL;

  if (!sd_db_begin (db, error))
    return FALSE;
  if (!func (db, campaign, error) ||
      !(object_id = g_strdup_printf ("%" G_GINT64_FORMAT, campaign->id)) ||
      !sd_audit_append (session, action, "campaign", object_id, campaign->name, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_campaign (SdDb       *db,
                 SdCampaign *campaign,
                 GError    **error)
{
  campaign->id = _sd_campaign_store_insert (db, campaign, error);
  return campaign->id != 0;
}

static gboolean
update_campaign (SdDb       *db,
                 SdCampaign *campaign,
                 GError    **error)
{
  return _sd_campaign_store_update (db, campaign, error);
}

static gboolean
delete_campaign (SdDb       *db,
                 SdCampaign *campaign,
                 GError    **error)
{
  return _sd_campaign_store_delete (db, campaign->id, error);
}

gint64
sd_campaigns_create (SdSession         *session,
                     const SdCampaign  *campaign,
                     GError           **error)
{
  g_autoptr(SdCampaign) draft = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), 0);
  g_return_val_if_fail (campaign != NULL, 0);

  if (!sd_session_require (session, SD_PERMISSION_COMPOSE_CAMPAIGNS, error) ||
      !(draft = check_draft (session, campaign, error)))
    return 0;
  draft->state = SD_CAMPAIGN_DRAFT;
  draft->created_by = sd_session_get_staff_id (session);
  draft->created_at = draft->updated_at = sd_db_now (sd_session_get_db (session));
  /* A seed of its own, so that two campaigns do not hold back the same customers. */
  if (draft->holdout_seed == 0)
    draft->holdout_seed = g_random_int_range (1, G_MAXINT32);
  if (!change_and_audit (session, insert_campaign, draft, SD_AUDIT_CAMPAIGN_CREATE, error))
    return 0;
  return draft->id;
}

/* The campaign with ID for a change that only a draft takes. */
static SdCampaign *
load_draft (SdSession   *session,
            gint64       id,
            GError     **error)
{
  g_autoptr(SdCampaign) campaign = _sd_campaign_store_load (sd_session_get_db (session), id, error);

  if (campaign == NULL)
    return NULL;
  if (campaign->state != SD_CAMPAIGN_DRAFT)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("Campaign “%s” is no longer a draft (%s): it cannot be changed."),
                   campaign->name, sd_campaign_state_get_label (campaign->state));
      return NULL;
    }
  return g_steal_pointer (&campaign);
}

gboolean
sd_campaigns_update (SdSession         *session,
                     const SdCampaign  *campaign,
                     GError           **error)
{
  g_autoptr(SdCampaign) stored = NULL;
  g_autoptr(SdCampaign) draft = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (campaign != NULL, FALSE);

  if (!sd_session_require (session, SD_PERMISSION_COMPOSE_CAMPAIGNS, error) ||
      !(stored = load_draft (session, campaign->id, error)) ||
      !(draft = check_draft (session, campaign, error)))
    return FALSE;
  if (draft->holdout_seed == 0)
    draft->holdout_seed = stored->holdout_seed;
  draft->updated_at = sd_db_now (sd_session_get_db (session));
  return change_and_audit (session, update_campaign, draft, SD_AUDIT_CAMPAIGN_UPDATE, error);
}

SdCampaign *
sd_campaigns_get (SdSession  *session,
                  gint64      id,
                  GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_COMPOSE_CAMPAIGNS, error))
    return NULL;
  return _sd_campaign_store_load (sd_session_get_db (session), id, error);
}

GPtrArray *
sd_campaigns_list (SdSession  *session,
                   GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_COMPOSE_CAMPAIGNS, error))
    return NULL;
  return _sd_campaign_store_list (sd_session_get_db (session), error);
}

gboolean
sd_campaigns_delete (SdSession  *session,
                     gint64      id,
                     GError    **error)
{
  g_autoptr(SdCampaign) draft = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_COMPOSE_CAMPAIGNS, error) ||
      !(draft = load_draft (session, id, error)))
    return FALSE;
  return change_and_audit (session, delete_campaign, draft, SD_AUDIT_CAMPAIGN_DELETE, error);
}

gboolean
sd_campaigns_next_due (SdSession  *session,
                       gint64      now,
                       gint64     *out_id,
                       GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (out_id != NULL, FALSE);

  *out_id = 0;
  if (!sd_session_require (session, SD_PERMISSION_SEND_CAMPAIGNS, error))
    return FALSE;
  return _sd_campaign_store_next_due (sd_session_get_db (session), now, out_id, error);
}

static gboolean
cancel_campaign (SdDb       *db,
                 SdCampaign *campaign,
                 GError    **error)
{
  return _sd_campaign_store_withdraw_queued (db, campaign->id, campaign->updated_at, error) &&
         _sd_campaign_store_set_state (db, campaign, error);
}

gboolean
sd_campaigns_cancel (SdSession  *session,
                     gint64      id,
                     GError    **error)
{
  g_autoptr(SdCampaign) campaign = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_SEND_CAMPAIGNS, error) ||
      !(campaign = _sd_campaign_store_load (sd_session_get_db (session), id, error)))
    return FALSE;
  if (campaign->state != SD_CAMPAIGN_DRAFT && campaign->state != SD_CAMPAIGN_SCHEDULED &&
      campaign->state != SD_CAMPAIGN_PAUSED)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("Campaign “%s” is %s: only a draft, a scheduled or a paused campaign can be cancelled."),
                   campaign->name, sd_campaign_state_get_label (campaign->state));
      return FALSE;
    }
  campaign->state = SD_CAMPAIGN_CANCELLED;
  campaign->updated_at = campaign->finished_at = sd_db_now (sd_session_get_db (session));
  return change_and_audit (session, cancel_campaign, campaign, SD_AUDIT_CAMPAIGN_CANCEL, error);
}

/* ---- Resolving the audience ---- */

/* What the walk over the audience needs and what it adds up. */
typedef struct
{
  SdSession          *session;
  const SdCampaign   *campaign;
  SdSmsSettings      *settings;
  SdSmsTemplate      *template;
  gboolean            see_contact;
  guint               preview_limit;
  char               *shop_name;
  char               *grade_names[SD_TIER_N_GRADES];
  GHashTable         *values;         /* name → value, borrowed: refilled for each customer */
  GHashTable         *seen_phones;    /* numbers an earlier customer of the audience has */
  gboolean            write;          /* confirm: write every row */
  gint64              now;
  SdCampaignEstimate *estimate;
  guint               longest_units;
} Resolver;

static void
resolver_clear (Resolver *resolver)
{
  g_clear_pointer (&resolver->settings, sd_sms_settings_free);
  g_clear_pointer (&resolver->template, sd_sms_template_unref);
  g_clear_pointer (&resolver->shop_name, g_free);
  for (int i = 0; i < SD_TIER_N_GRADES; i++)
    g_clear_pointer (&resolver->grade_names[i], g_free);
  g_clear_pointer (&resolver->values, g_hash_table_unref);
  g_clear_pointer (&resolver->seen_phones, g_hash_table_unref);
  g_clear_pointer (&resolver->estimate, sd_campaign_estimate_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Resolver, resolver_clear)

/* The same SEED always holds back the same customers; a customer's draw does not depend
 * on who else is in the audience (splitmix64 of seed and id). */
static gboolean
in_holdout (guint32 seed,
            gint64  customer_id,
            int     percent)
{
  guint64 z = ((guint64) seed << 32) ^ (guint64) customer_id;

  if (percent <= 0)
    return FALSE;
  z += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  z ^= z >> 31;
  return (int) (z % 100) < percent;
}

/* The first reason ROW is left out, in the order of precedence; FALSE when it is not. */
static gboolean
classify (Resolver            *resolver,
          const SdAudienceRow *row,
          SdExclusion         *out_exclusion)
{
  const SdSmsSettings *settings = resolver->settings;
  gboolean has_number = row->phone_state == SD_PHONE_VALID && row->phone != NULL && *row->phone != '\0';
  gboolean duplicate = FALSE;

  /* A number counts once, whoever of the audience had it first and whatever became of
   * them: the second customer of an opted-out number is not sent either. */
  if (has_number)
    duplicate = !g_hash_table_add (resolver->seen_phones, g_strdup (row->phone));

  if (row->blocked)
    *out_exclusion = SD_EXCLUSION_BLOCKED;
  else if (row->opted_out)
    *out_exclusion = SD_EXCLUSION_OPTED_OUT;
  else if (row->phone_state == SD_PHONE_NONE || row->phone == NULL || *row->phone == '\0')
    *out_exclusion = SD_EXCLUSION_NO_MOBILE;
  else if (row->phone_state == SD_PHONE_INVALID)
    *out_exclusion = SD_EXCLUSION_INVALID_MOBILE;
  else if (row->phone_state == SD_PHONE_MASKED)
    *out_exclusion = SD_EXCLUSION_MASKED_MOBILE;
  else if (duplicate)
    *out_exclusion = SD_EXCLUSION_DUPLICATE;
  else if (settings->cap_count > 0 && settings->cap_days > 0 && row->recent_sends >= settings->cap_count)
    *out_exclusion = SD_EXCLUSION_FREQUENCY_CAP;
  else
    return FALSE;
  return TRUE;
}

static const char *
or_empty (const char *s)
{
  return s != NULL ? s : "";
}

/* The message ROW would get, and its parameters for the gateway. */
static char *
render (Resolver            *resolver,
        const SdAudienceRow *row,
        char               **out_param_json)
{
  GHashTable *values = resolver->values;

  g_hash_table_replace (values, "name", (gpointer) or_empty (row->name));
  g_hash_table_replace (values, "nick", (gpointer) or_empty (row->nick));
  g_hash_table_replace (values, "grade", (gpointer) (row->tier >= 0 && row->tier < SD_TIER_N_GRADES
                                                      ? resolver->grade_names[row->tier] : ""));
  g_hash_table_replace (values, "last_item", (gpointer) or_empty (row->last_item));
  return sd_sms_template_render (resolver->template, values, NULL, out_param_json);
}

static void
add_preview (Resolver            *resolver,
             const SdAudienceRow *row,
             const char          *text,
             const SdSmsCount    *count)
{
  SdCampaignPreview *preview = g_new0 (SdCampaignPreview, 1);

  preview->customer_id = row->id;
  preview->name = g_strdup (*or_empty (row->name) != '\0' ? row->name : or_empty (row->nick));
  preview->phone = resolver->see_contact ? g_strdup (row->phone) : sd_phone_mask (row->phone);
  preview->text = g_strdup (text);
  preview->count = *count;
  g_ptr_array_add (resolver->estimate->previews, preview);
}

static gboolean
resolve_row (const SdAudienceRow *row,
             gpointer             user_data,
             GError             **error)
{
  Resolver *resolver = user_data;
  SdCampaignEstimate *estimate = resolver->estimate;
  SdOutboxRow out = {
    .campaign_id = resolver->campaign->id,
    .customer_id = row->id,
    .phone = row->phone,
  };
  g_autofree char *text = NULL;
  g_autofree char *param_json = NULL;
  SdSmsCount count;

  estimate->audience++;
  if (classify (resolver, row, &out.exclusion))
    {
      estimate->excluded[out.exclusion]++;
      out.state = SD_RECIPIENT_EXCLUDED;
    }
  else if (in_holdout (resolver->campaign->holdout_seed, row->id, resolver->campaign->holdout_percent))
    {
      estimate->holdout++;
      out.state = SD_RECIPIENT_HOLDOUT;
    }
  else
    {
      text = render (resolver, row, resolver->write ? &param_json : NULL);
      sd_sms_count (text, TRUE, &count);
      estimate->recipients++;
      estimate->parts += count.parts;
      if (count.units > resolver->longest_units || estimate->longest_text == NULL)
        {
          resolver->longest_units = count.units;
          g_free (estimate->longest_text);
          estimate->longest_text = g_strdup (text);
          estimate->longest_count = count;
        }
      if (estimate->previews->len < resolver->preview_limit)
        add_preview (resolver, row, text, &count);
      out.state = SD_RECIPIENT_QUEUED;
      out.template_param = param_json;
      out.parts = count.parts;
      out.queued_at = resolver->now;
    }
  return !resolver->write || _sd_campaign_store_insert_recipient (sd_session_get_db (resolver->session), &out, error);
}

/* A grade without a name of its own goes into a message by its Taobao name: the message
 * is read by the shop's buyers, whatever language the staff's desktop speaks. */
static const char * const sms_grade_names[SD_TIER_N_GRADES] = {
  "店铺客户", "普通会员", "高级会员", "VIP会员", "至尊VIP会员",
};

/* Everything but the walk: settings, template, the values every message shares. */
static gboolean
resolver_init (Resolver          *resolver,
               SdSession         *session,
               const SdCampaign  *campaign,
               guint              preview_limit,
               GError           **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autofree char *sign_name = NULL;
  g_autofree char *template_code = NULL;
  GHashTableIter iter;
  gpointer key, value;

  resolver->session = session;
  resolver->campaign = campaign;
  resolver->preview_limit = preview_limit;
  resolver->see_contact = sd_session_can (session, SD_PERMISSION_SEE_CONTACT);
  resolver->now = sd_db_now (db);
  resolver->settings = _sd_sms_settings_store_load (db, error);
  if (resolver->settings == NULL)
    return FALSE;
  _sd_campaign_store_gateway (db, &sign_name, &template_code);
  resolver->template = sd_sms_template_new (sign_name, campaign->body,
                                            *or_empty (campaign->opt_out_text) != '\0'
                                              ? campaign->opt_out_text : resolver->settings->opt_out_text);
  resolver->shop_name = sd_shop_get_name (session);

  {
    char *stored[5];
    _sd_campaign_store_grade_names (db, stored);
    for (int i = 0; i < SD_TIER_N_GRADES; i++)
      {
        resolver->grade_names[i] = g_strdup (*stored[i] != '\0' ? stored[i] : sms_grade_names[i]);
        g_free (stored[i]);
      }
  }

  resolver->values = g_hash_table_new (g_str_hash, g_str_equal);
  if (campaign->custom_fields != NULL)
    {
      g_hash_table_iter_init (&iter, campaign->custom_fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (resolver->values, key, value);
    }
  g_hash_table_replace (resolver->values, "shop", (gpointer) or_empty (resolver->shop_name));
  g_hash_table_replace (resolver->values, "coupon", (gpointer) or_empty (campaign->coupon));
  resolver->seen_phones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  resolver->estimate = g_new0 (SdCampaignEstimate, 1);
  resolver->estimate->previews = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_campaign_preview_free);
  resolver->estimate->lint = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sms_lint_issue_free);
  return TRUE;
}

static gboolean
uses_placeholder (const SdSmsTemplate *template,
                  const char          *name)
{
  g_auto(GStrv) names = sd_sms_template_list_placeholders (template);

  return g_strv_contains ((const char * const *) names, name);
}

/* The template's problems, with the longest message rendered; has_errors. */
static void
lint (Resolver *resolver)
{
  SdCampaignEstimate *estimate = resolver->estimate;
  g_autoptr(GStrvBuilder) known = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) issues = NULL;

  g_strv_builder_addv (known, (const char **) sd_sms_builtin_placeholders);
  if (resolver->campaign->custom_fields != NULL)
    {
      g_autoptr(GList) keys = g_hash_table_get_keys (resolver->campaign->custom_fields);
      for (GList *l = keys; l != NULL; l = l->next)
        g_strv_builder_add (known, l->data);
    }
  names = g_strv_builder_end (known);
  issues = sd_sms_template_lint (resolver->template, (const char * const *) names,
                                 (const char * const *) resolver->settings->blocked_words,
                                 estimate->longest_text);
  for (guint i = 0; i < issues->len; i++)
    {
      SdSmsLintIssue *issue = g_ptr_array_index (issues, i);
      if (issue->kind != SD_SMS_LINT_LINK)
        estimate->has_errors = TRUE;
    }
  g_ptr_array_extend_and_steal (estimate->lint, g_steal_pointer (&issues));
  if (estimate->recipients == 0)
    estimate->has_errors = TRUE;
  if (estimate->longest_text == NULL)
    estimate->longest_text = g_strdup ("");
  estimate->cost_mfen = estimate->parts * resolver->settings->price_per_part_mfen;
}

/* Walks the audience of RESOLVER's campaign (writing the outbox when it writes). */
static gboolean
resolve (Resolver     *resolver,
         GCancellable *cancellable,
         GError      **error)
{
  SdDb *db = sd_session_get_db (resolver->session);
  const SdCampaign *campaign = resolver->campaign;
  const SdSmsSettings *settings = resolver->settings;
  g_autoptr(GArray) segment_ids = NULL;
  gint64 cap_since = 0;

  if (campaign->audience_kind == SD_AUDIENCE_SEGMENT &&
      !(segment_ids = sd_segments_list_ids (resolver->session, campaign->segment_id, cancellable, error)))
    return FALSE;
  if (settings->cap_count > 0 && settings->cap_days > 0)
    cap_since = MAX (1, resolver->now - (gint64) settings->cap_days * 86400);
  if (!_sd_campaign_store_fill_audience (db, campaign, segment_ids, cancellable, error) ||
      !_sd_campaign_store_walk_audience (db, campaign->id, cap_since,
                                         uses_placeholder (resolver->template, "last_item"),
                                         resolve_row, resolver, cancellable, error))
    return FALSE;
  lint (resolver);
  return TRUE;
}

SdCampaignEstimate *
sd_campaigns_estimate_draft (SdSession         *session,
                             const SdCampaign  *campaign,
                             guint              preview_limit,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_auto(Resolver) resolver = { 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (campaign != NULL, NULL);

  if (!sd_session_require (session, SD_PERMISSION_COMPOSE_CAMPAIGNS, error) ||
      !resolver_init (&resolver, session, campaign, preview_limit, error) ||
      !resolve (&resolver, cancellable, error))
    return NULL;
  return g_steal_pointer (&resolver.estimate);
}

SdCampaignEstimate *
sd_campaigns_estimate (SdSession     *session,
                       gint64         id,
                       guint          preview_limit,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(SdCampaign) campaign = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!(campaign = sd_campaigns_get (session, id, error)))
    return NULL;
  return sd_campaigns_estimate_draft (session, campaign, preview_limit, cancellable, error);
}

/* ---- Confirm ---- */

/* Why a resolved outbox may not be frozen, or TRUE. */
static gboolean
check_confirmable (const SdCampaignEstimate *estimate,
                   gint64                    expected_recipients,
                   GError                  **error)
{
  for (guint i = 0; i < estimate->lint->len; i++)
    {
      SdSmsLintIssue *issue = g_ptr_array_index (estimate->lint, i);
      if (issue->kind != SD_SMS_LINT_LINK)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                       _("The message cannot be sent as it is: %s"), issue->message);
          return FALSE;
        }
    }
  if (estimate->recipients == 0)
    return invalid (error, _("Nobody in the audience can be sent this campaign."));
  if (estimate->recipients != expected_recipients)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("The audience changed: %lld recipients now, %lld when estimated. Estimate again."),
                   (long long) estimate->recipients, (long long) expected_recipients);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_campaigns_confirm (SdSession     *session,
                      gint64         id,
                      gint64         expected_recipients,
                      GCancellable  *cancellable,
                      GError       **error)
{
  SdDb *db;
  g_autoptr(SdCampaign) campaign = NULL;
  g_auto(Resolver) resolver = { 0 };
  g_autofree char *sign_name = NULL;
  g_autofree char *template_code = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_SEND_CAMPAIGNS, error) ||
      !sd_session_require (session, SD_PERMISSION_COMPOSE_CAMPAIGNS, error) ||
      !(campaign = load_draft (session, id, error)))
    return FALSE;
  db = sd_session_get_db (session);
  if (!_sd_campaign_store_gateway (db, &sign_name, &template_code))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                           _("No SMS gateway is set up: set one up before sending a campaign."));
      return FALSE;
    }
  if (*campaign->template_code == '\0' && *template_code == '\0')
    return invalid (error, _("The campaign has no template code, and the gateway has no default one."));

  if (!resolver_init (&resolver, session, campaign, 0, error))
    return FALSE;
  resolver.write = TRUE;
  if (!sd_db_begin (db, error))
    return FALSE;
  campaign->confirmed_at = campaign->updated_at = resolver.now;
  campaign->price_per_part_mfen = resolver.settings->price_per_part_mfen;
  campaign->state = campaign->scheduled_at > resolver.now ? SD_CAMPAIGN_SCHEDULED : SD_CAMPAIGN_SENDING;
  if (campaign->state == SD_CAMPAIGN_SENDING)
    campaign->started_at = resolver.now;
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (!resolve (&resolver, cancellable, error) ||
      !check_confirmable (resolver.estimate, expected_recipients, error) ||
      !_sd_campaign_store_set_state (db, campaign, error) ||
      !(detail = g_strdup_printf ("%s: %lld recipients, %lld holdout, %lld excluded, %lld parts",
                                  campaign->name, (long long) resolver.estimate->recipients,
                                  (long long) resolver.estimate->holdout,
                                  (long long) (resolver.estimate->audience - resolver.estimate->recipients
                                               - resolver.estimate->holdout),
                                  (long long) resolver.estimate->parts)) ||
      !sd_audit_append (session, SD_AUDIT_CAMPAIGN_CONFIRM, "campaign", object_id, detail, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

/* ---- Results ---- */

/* The difference of the two conversion rates and its 95% interval (normal approximation). */
static void
compute_uplift (SdCampaignReport *report)
{
  double p1, p2, se;

  if (report->recipients > 0)
    {
      report->recipient_conversion = (double) report->recipient_buyers / report->recipients;
      report->revenue_per_recipient_cents = (double) report->recipient_revenue_cents / report->recipients;
    }
  if (report->holdout > 0)
    report->holdout_conversion = (double) report->holdout_buyers / report->holdout;
  if (report->recipients == 0 || report->holdout == 0)
    return;
  p1 = report->recipient_conversion;
  p2 = report->holdout_conversion;
  se = sqrt (p1 * (1 - p1) / report->recipients + p2 * (1 - p2) / report->holdout);
  report->has_uplift = TRUE;
  report->uplift = p1 - p2;
  report->uplift_low = report->uplift - 1.96 * se;
  report->uplift_high = report->uplift + 1.96 * se;
}

SdCampaignReport *
sd_campaigns_report (SdSession  *session,
                     gint64      id,
                     GError    **error)
{
  g_autoptr(SdCampaign) campaign = NULL;
  g_autoptr(SdCampaignReport) report = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!(campaign = sd_campaigns_get (session, id, error)))
    return NULL;
  report = g_new0 (SdCampaignReport, 1);
  report->id = id;
  report->state = campaign->state;
  report->failed_by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  report->days = g_array_new (FALSE, TRUE, sizeof (SdCampaignDay));
  if (!_sd_campaign_store_report (sd_session_get_db (session), campaign, sd_shop_time_zone (), report, error))
    return NULL;
  report->cost_mfen = report->parts_billed * campaign->price_per_part_mfen;
  compute_uplift (report);
  return g_steal_pointer (&report);
}
