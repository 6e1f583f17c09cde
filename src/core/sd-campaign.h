/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A campaign: one marketing SMS to an audience, from its draft to its results.
 *
 * A draft's fields can change (sd_campaigns_update); confirming freezes its outbox
 * (sd-campaigns.h) and from then on only its state moves: scheduled → sending ⇄ paused →
 * done, or cancelled. */

typedef enum
{
  SD_CAMPAIGN_DRAFT,
  SD_CAMPAIGN_SCHEDULED,
  SD_CAMPAIGN_SENDING,
  SD_CAMPAIGN_PAUSED,
  SD_CAMPAIGN_DONE,
  SD_CAMPAIGN_CANCELLED,
} SdCampaignState;

typedef enum
{
  SD_AUDIENCE_ALL,         /* every customer */
  SD_AUDIENCE_GRADE,       /* customers whose tier (customer_standing.tier) is GRADE */
  SD_AUDIENCE_SEGMENT,     /* the customers of a saved segment, as it is when resolved */
  SD_AUDIENCE_TAGS,        /* customers carrying any of TAGS */
  SD_AUDIENCE_CUSTOMERS,   /* hand-picked: CUSTOMER_IDS */
} SdAudienceKind;

#define SD_CAMPAIGN_NAME_MAX_CHARS     60
#define SD_CAMPAIGN_HOLDOUT_MAX        50   /* percent, as migration 7's CHECK */
/* Hand-picked customers a campaign may list: the ids are stored with the draft; an audience
 * larger than this is a segment's. */
#define SD_CAMPAIGN_CUSTOMERS_MAX      10000

typedef struct
{
  gint64          id;
  char           *name;
  SdCampaignState state;
  char           *template_code;      /* the gateway's approved template; "": the gateway's default */
  char           *body;               /* with {name} / ${name} placeholders; no signature, no opt-out */
  char           *opt_out_text;       /* "": the shop's (sms_settings) */
  GHashTable     *custom_fields;      /* char * name → char * value: the campaign's own placeholders */
  char           *coupon;             /* the {coupon} placeholder's value */
  SdAudienceKind  audience_kind;
  int             grade;              /* SD_AUDIENCE_GRADE */
  gint64          segment_id;         /* SD_AUDIENCE_SEGMENT */
  GStrv           tags;               /* SD_AUDIENCE_TAGS (NULL: none) */
  GArray         *customer_ids;       /* gint64, SD_AUDIENCE_CUSTOMERS (NULL: none) */
  int             holdout_percent;    /* 0 … SD_CAMPAIGN_HOLDOUT_MAX */
  guint32         holdout_seed;       /* same seed → same split; 0 on create: one is drawn */
  gint64          scheduled_at;       /* UTC seconds; 0: as soon as confirmed */
  int             attribution_days;   /* 1 … 90; 0 on create: 7 */
  gint64          price_per_part_mfen;/* fixed when confirmed (from sms_settings); 0 before */
  char           *pause_reason;       /* "" unless paused by the send job */
  gint64          created_by;         /* staff id, 0 when gone */
  gint64          created_at;         /* UTC seconds */
  gint64          updated_at;
  gint64          confirmed_at;       /* 0: not yet */
  gint64          started_at;
  gint64          finished_at;
} SdCampaign;

#define SD_TYPE_CAMPAIGN (sd_campaign_get_type ())

GType        sd_campaign_get_type            (void) G_GNUC_CONST;
/* An empty draft: audience all, attribution 7 days, empty strings, an empty custom_fields. */
SdCampaign  *sd_campaign_new                 (void);
SdCampaign  *sd_campaign_copy                (const SdCampaign *campaign);
void         sd_campaign_free                (SdCampaign       *campaign);

/* "draft", "scheduled", …: the strings of migration 7; NULL / FALSE for an unknown one. */
const char  *sd_campaign_state_to_string     (SdCampaignState   state);
gboolean     sd_campaign_state_from_string   (const char       *string,
                                              SdCampaignState  *out_state);
/* Translated, for people ("Draft", "Sending", …). */
const char  *sd_campaign_state_get_label     (SdCampaignState   state);
/* "all", "grade", "segment", "tags", "customers". */
const char  *sd_audience_kind_to_string      (SdAudienceKind    kind);
gboolean     sd_audience_kind_from_string    (const char       *string,
                                              SdAudienceKind   *out_kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCampaign, sd_campaign_free)

G_END_DECLS
