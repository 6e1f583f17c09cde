/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-campaign"

#include "sd-i18n.h"

#include "sd-campaign.h"

G_DEFINE_BOXED_TYPE (SdCampaign, sd_campaign, sd_campaign_copy, sd_campaign_free)

static GHashTable *
new_fields (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

SdCampaign *
sd_campaign_new (void)
{
  SdCampaign *campaign = g_new0 (SdCampaign, 1);

  campaign->name = g_strdup ("");
  campaign->template_code = g_strdup ("");
  campaign->body = g_strdup ("");
  campaign->opt_out_text = g_strdup ("");
  campaign->custom_fields = new_fields ();
  campaign->coupon = g_strdup ("");
  campaign->attribution_days = 7;
  campaign->pause_reason = g_strdup ("");
  return campaign;
}

SdCampaign *
sd_campaign_copy (const SdCampaign *campaign)
{
  SdCampaign *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (campaign != NULL, NULL);

  copy = g_new (SdCampaign, 1);
  *copy = *campaign;
  copy->name = g_strdup (campaign->name);
  copy->template_code = g_strdup (campaign->template_code);
  copy->body = g_strdup (campaign->body);
  copy->opt_out_text = g_strdup (campaign->opt_out_text);
  copy->custom_fields = new_fields ();
  if (campaign->custom_fields != NULL)
    {
      g_hash_table_iter_init (&iter, campaign->custom_fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (copy->custom_fields, g_strdup (key), g_strdup (value));
    }
  copy->coupon = g_strdup (campaign->coupon);
  copy->tags = g_strdupv (campaign->tags);
  copy->customer_ids = NULL;
  if (campaign->customer_ids != NULL)
    {
      copy->customer_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), campaign->customer_ids->len);
      g_array_append_vals (copy->customer_ids, campaign->customer_ids->data, campaign->customer_ids->len);
    }
  copy->pause_reason = g_strdup (campaign->pause_reason);
  return copy;
}

void
sd_campaign_free (SdCampaign *campaign)
{
  if (campaign == NULL)
    return;
  g_free (campaign->name);
  g_free (campaign->template_code);
  g_free (campaign->body);
  g_free (campaign->opt_out_text);
  g_clear_pointer (&campaign->custom_fields, g_hash_table_unref);
  g_free (campaign->coupon);
  g_strfreev (campaign->tags);
  g_clear_pointer (&campaign->customer_ids, g_array_unref);
  g_free (campaign->pause_reason);
  g_free (campaign);
}

/* Strings of migration 7, in the order of the enums. */
static const char * const state_strings[] = {
  "draft", "scheduled", "sending", "paused", "done", "cancelled",
};

static const char * const kind_strings[] = {
  "all", "grade", "segment", "tags", "customers",
};

static gboolean
lookup (const char * const *strings,
        guint               n,
        const char         *string,
        int                *out_index)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (strings[i], string) == 0)
      {
        *out_index = (int) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sd_campaign_state_to_string (SdCampaignState state)
{
  return (guint) state < G_N_ELEMENTS (state_strings) ? state_strings[state] : NULL;
}

gboolean
sd_campaign_state_from_string (const char      *string,
                               SdCampaignState *out_state)
{
  int i;

  if (!lookup (state_strings, G_N_ELEMENTS (state_strings), string, &i))
    return FALSE;
  *out_state = (SdCampaignState) i;
  return TRUE;
}

const char *
sd_campaign_state_get_label (SdCampaignState state)
{
  switch (state)
    {
    case SD_CAMPAIGN_DRAFT:
      return C_("campaign state", "Draft");
    case SD_CAMPAIGN_SCHEDULED:
      return C_("campaign state", "Scheduled");
    case SD_CAMPAIGN_SENDING:
      return C_("campaign state", "Sending");
    case SD_CAMPAIGN_PAUSED:
      return C_("campaign state", "Paused");
    case SD_CAMPAIGN_DONE:
      return C_("campaign state", "Done");
    case SD_CAMPAIGN_CANCELLED:
      return C_("campaign state", "Cancelled");
    default:
      return "";
    }
}

const char *
sd_audience_kind_to_string (SdAudienceKind kind)
{
  return (guint) kind < G_N_ELEMENTS (kind_strings) ? kind_strings[kind] : NULL;
}

gboolean
sd_audience_kind_from_string (const char     *string,
                              SdAudienceKind *out_kind)
{
  int i;

  if (!lookup (kind_strings, G_N_ELEMENTS (kind_strings), string, &i))
    return FALSE;
  *out_kind = (SdAudienceKind) i;
  return TRUE;
}
