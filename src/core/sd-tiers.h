/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sd-rfm.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* The shop's membership ladder, as Taobao sellers know it (会员等级):
 *
 *   grade 0  店铺客户     every customer of the shop (the customer list holds only people who
 *                         bought or chatted): the floor, always on, threshold 0
 *   grade 1  普通会员     default: at least 1 counted trade,        9.8折 (980‰)
 *   grade 2  高级会员     default: at least ¥1,000 paid,            9.5折 (950‰)
 *   grade 3  VIP会员      default: at least ¥5,000 paid,            9折   (900‰)
 *   grade 4  至尊VIP会员  default: at least ¥20,000 paid,           8.5折 (850‰)
 *
 * Each grade above 0 is reached by total paid (fen: counted orders' amounts net of refunds)
 * or by trade count (counted orders), at or above its threshold; the shop picks the basis
 * per grade. A customer holds the HIGHEST enabled grade whose condition they meet, as on
 * Taobao: grades are not climbed one by one, so with mixed bases a customer can meet
 * grade 3 (say, 10 trades) without meeting grade 2 (¥1,000) and is grade 3.
 *
 * Validation (sd_tier_ladder_validate):
 *   - grade 0 cannot be switched off and its threshold is 0;
 *   - every enabled grade above 0 has a threshold of at least 1 (fen or trade);
 *   - among the enabled grades of the same basis, thresholds strictly increase with the
 *     grade (grades of different bases are not compared: ¥ and trades are not one scale);
 *   - discounts are 700‰–1000‰ (7折 at most), and no enabled grade gives less discount
 *     (a higher per-mille) than an enabled grade below it;
 *   - a name is at most SD_TIER_NAME_MAX_CHARS characters; "" shows the built-in name.
 * Switched-off grades keep their settings but nobody lands in them.
 *
 * A pinned tier (set by hand, with a reason) survives recomputes until unpinned. Every
 * change of a customer's tier is kept in their history. */

#define SD_TIER_N_GRADES       5
#define SD_TIER_NONE           (-1)     /* not computed yet */
#define SD_TIER_MIN_DISCOUNT   700
#define SD_TIER_MAX_DISCOUNT   1000
#define SD_TIER_NAME_MAX_CHARS 16
#define SD_TIER_REASON_MAX_CHARS 200

typedef enum
{
  SD_TIER_BASIS_AMOUNT,   /* "amount": total paid in fen */
  SD_TIER_BASIS_COUNT,    /* "count": counted trades */
} SdTierBasis;

typedef struct
{
  gboolean    enabled;
  SdTierBasis basis;
  gint64      threshold;          /* fen or trades */
  int         discount_permille;  /* 950 = 9.5折 */
  char       *name;               /* never NULL; "" = the built-in name */
} SdTierGrade;

typedef struct
{
  SdTierGrade grades[SD_TIER_N_GRADES];
} SdTierLadder;

#define SD_TYPE_TIER_LADDER (sd_tier_ladder_get_type ())
GType         sd_tier_ladder_get_type      (void) G_GNUC_CONST;
SdTierLadder *sd_tier_ladder_new_default   (void);
SdTierLadder *sd_tier_ladder_copy          (const SdTierLadder *ladder);
void          sd_tier_ladder_free          (SdTierLadder       *ladder);
/* Replaces grade GRADE's settings with a copy of VALUE's. */
void          sd_tier_ladder_set_grade     (SdTierLadder       *ladder,
                                            int                 grade,
                                            const SdTierGrade  *value);
/* "店铺客户" … "至尊VIP会员", translated: the built-in name of a grade 0–4. */
const char   *sd_tier_grade_default_name   (int                 grade);
/* The grade's own name, or its built-in one. */
const char   *sd_tier_ladder_get_name      (const SdTierLadder *ladder,
                                            int                 grade);
/* "¥1,000.00" or "3 trades": a grade's threshold as people read it. */
char         *sd_tier_grade_format_threshold (const SdTierGrade *grade);
/* 950 → "9.5折 (5% off)"; 1000 → "no discount": translated. */
char         *sd_tier_format_discount      (int                 permille);
const char   *sd_tier_basis_to_string      (SdTierBasis         basis);
gboolean      sd_tier_basis_from_string    (const char         *id,
                                            SdTierBasis        *out_basis);
/* FALSE with SD_ERROR_INVALID_INPUT and a message for people naming the grade (in
 * *out_grade, -1 when none is at fault) when the ladder breaks a rule above. */
gboolean      sd_tier_ladder_validate      (const SdTierLadder *ladder,
                                            int                *out_grade,
                                            GError            **error);
/* The grade a customer with this paid total and trade count reaches (0–4). */
int           sd_tier_ladder_grade_for     (const SdTierLadder *ladder,
                                            gint64              paid_cents,
                                            gint64              trades);

/* Why a tier changed; the ids are what tier_history.cause and --json say. */
typedef enum
{
  SD_TIER_CAUSE_RULE,        /* "rule": the ladder or a tier rule was changed */
  SD_TIER_CAUSE_IMPORT,      /* "import": orders or customers imported (and demo data) */
  SD_TIER_CAUSE_SYNC,        /* "sync": the store connection brought changes */
  SD_TIER_CAUSE_MANUAL,      /* "manual": pinned by hand; detail is the reason */
  SD_TIER_CAUSE_RECOMPUTE,   /* "recompute": a recompute asked for */
  SD_TIER_CAUSE_UNPIN,       /* "unpin": the pin was taken off */
} SdTierCause;

const char   *sd_tier_cause_to_string      (SdTierCause         cause);
gboolean      sd_tier_cause_from_string    (const char         *id,
                                            SdTierCause        *out_cause);
/* "Pinned by hand", translated. */
const char   *sd_tier_cause_get_label      (SdTierCause         cause);

/* One entry of a customer's tier history. Tiers are grades (SD_TIER_NONE before the first
 * computation); custom tiers are tier rule ids, 0 for none. */
typedef struct
{
  gint64       id;
  gint64       customer_id;
  int          from_tier;
  int          to_tier;
  gint64       from_custom_tier_id;
  gint64       to_custom_tier_id;
  gint64       at;              /* UTC seconds */
  SdTierCause  cause;
  char        *detail;          /* the pin's reason, the rule, the file; "" when none */
} SdTierChange;

#define SD_TYPE_TIER_CHANGE (sd_tier_change_get_type ())
GType         sd_tier_change_get_type      (void) G_GNUC_CONST;
SdTierChange *sd_tier_change_copy          (const SdTierChange *change);
void          sd_tier_change_free          (SdTierChange       *change);

/* A customer's standing, for the detail page. */
typedef struct
{
  gint64      customer_id;
  int         tier;             /* the grade held, SD_TIER_NONE before the first computation */
  gboolean    pinned;
  char       *pin_reason;       /* "" unless pinned */
  int         computed_tier;    /* what the ladder gives now (equals tier unless pinned or stale) */
  gint64      paid_cents;       /* the figures it is computed from */
  gint64      trades;
  gint64      custom_tier_id;   /* 0: none */
  char       *custom_tier_name; /* "" when none */
  int         rfm_r;            /* 1–5, 0 when not scored */
  int         rfm_f;
  int         rfm_m;
  SdRfmGroup  rfm_group;
} SdCustomerTier;

void          sd_customer_tier_free        (SdCustomerTier     *tier);

/* What a recompute did. */
typedef struct
{
  gint64   changed;        /* customers whose tier changed (one history entry each) */
  gint64   rfm_active;     /* customers scored */
  gint64   written;        /* customers whose grade or scores changed */
  gboolean rfm_full;       /* every customer was looked at (asked for, or the quintiles moved) */
} SdTierRecomputeStats;

/* The ladder. Needs customers.view. */
SdTierLadder *sd_tiers_get_ladder          (SdSession          *session,
                                            GError            **error);
/* Validates, saves and recomputes every customer's tier with it (cause "rule"), audited,
 * in one transaction. Needs tiers.manage. */
gboolean      sd_tiers_set_ladder          (SdSession          *session,
                                            const SdTierLadder *ladder,
                                            SdTierRecomputeStats *out_stats,
                                            GError            **error);
/* The same for one grade (`tiers set-grade`). */
gboolean      sd_tiers_set_grade           (SdSession          *session,
                                            int                 grade,
                                            const SdTierGrade  *value,
                                            SdTierRecomputeStats *out_stats,
                                            GError            **error);
/* How many customers hold each grade now; *out_none those not computed yet. Needs
 * customers.view. */
gboolean      sd_tiers_count               (SdSession          *session,
                                            gint64              out_counts[SD_TIER_N_GRADES],
                                            gint64             *out_none,
                                            GError            **error);
/* Needs customers.view; SD_ERROR_NOT_FOUND when there is no such customer. */
SdCustomerTier *sd_tiers_get_customer      (SdSession          *session,
                                            gint64              customer_id,
                                            GError            **error);
/* Sets the customer's grade by hand; it stays through recomputes until unpinned. REASON
 * is required. History (cause "manual", the reason as detail) and audit (tier.pin) in the
 * same transaction. Needs tiers.manage. */
gboolean      sd_tiers_pin                 (SdSession          *session,
                                            gint64              customer_id,
                                            int                 grade,
                                            const char         *reason,
                                            GError            **error);
/* Takes the pin off and gives the customer the grade the ladder gives them (cause
 * "unpin"; audited as tier.unpin). SD_ERROR_INVALID_INPUT when not pinned. Needs
 * tiers.manage. */
gboolean      sd_tiers_unpin               (SdSession          *session,
                                            gint64              customer_id,
                                            GError            **error);
/* The customer's tier changes, newest first. Needs customers.view. */
GPtrArray    *sd_tiers_list_history        (SdSession          *session,
                                            gint64              customer_id,
                                            GError            **error);   /* SdTierChange * */
/* Recomputes the tiers and RFM scores of IDS (NULL: of every customer) in one
 * transaction; pinned tiers stay. Cause "recompute"; audited. Needs tiers.manage. */
gboolean      sd_tiers_recompute           (SdSession          *session,
                                            const gint64       *ids,
                                            gsize               n_ids,
                                            SdTierRecomputeStats *out_stats,
                                            GError            **error);

/* Custom tiers: rules beyond the ladder ("高价值流失客户": total_spent >= 2000 and
 * days_since_last_order > 180), written in the condition language of sd-condition.h. A
 * customer's custom tier is the first enabled rule, by priority (lower first, then the
 * older rule), whose condition they meet, or none; it is kept beside the grade, in
 * customer_standing.custom_tier_id, recomputed with the grades (after them and the RFM
 * scores, which rules may ask for), and its changes are kept in the history like the
 * grade's. */
#define SD_TIER_RULE_NAME_MAX_CHARS 32

typedef struct
{
  gint64    id;
  char     *name;
  int       priority;
  char     *condition;     /* the canonical text of the condition */
  gboolean  enabled;
  gint64    created_at;
  gint64    updated_at;
} SdTierRule;

SdTierRule   *sd_tier_rule_copy            (const SdTierRule   *rule);
void          sd_tier_rule_free            (SdTierRule         *rule);
/* By priority, then id. Needs customers.view. */
GPtrArray    *sd_tiers_list_rules          (SdSession          *session,
                                            GError            **error);   /* SdTierRule * */
/* Adds an enabled rule; CONDITION is parsed (SD_ERROR_INVALID_INPUT with its column when
 * it is not a condition), NAME must be new (SD_ERROR_CONFLICT). Recomputes every
 * customer's custom tier (cause "rule") and audits (tier.rule), in one transaction.
 * Returns the rule's id, 0 on error. Needs tiers.manage. */
gint64        sd_tiers_add_rule            (SdSession          *session,
                                            const char         *name,
                                            int                 priority,
                                            const char         *condition,
                                            GError            **error);
/* Replaces the rule's name, priority, condition and whether it is on; the same checks,
 * recompute and audit. */
gboolean      sd_tiers_update_rule         (SdSession          *session,
                                            gint64              id,
                                            const char         *name,
                                            int                 priority,
                                            const char         *condition,
                                            gboolean            enabled,
                                            GError            **error);
/* How many customers hold each of RULES' custom tiers (RULES as sd_tiers_list_rules ()
 * gave them): gint64 counts, one per rule, in RULES' order; *OUT_NONE those with none.
 * Needs customers.view. */
GArray       *sd_tiers_count_rules         (SdSession          *session,
                                            GPtrArray          *rules,
                                            gint64             *out_none,
                                            GError            **error);
/* Its customers lose the custom tier (history, cause "rule"); audited. */
gboolean      sd_tiers_delete_rule         (SdSession          *session,
                                            gint64              id,
                                            GError            **error);

/* What a changed ladder would do, computed on the shop's data without changing it. Its
 * counts are exactly what sd_tiers_set_ladder () with the same ladder would leave. */
typedef struct
{
  gint64  now[SD_TIER_N_GRADES];     /* customers in each grade now */
  gint64  now_none;                  /* not computed yet */
  gint64  after[SD_TIER_N_GRADES];   /* after a recompute with the proposed ladder */
  gint64  pinned;                    /* pinned customers: they stay where they are */
  GArray *moved_up;                  /* gint64 ids, ascending: a higher grade after */
  GArray *moved_down;                /* gint64 ids, ascending: a lower grade after */
  /* The discount given over counted orders created in [since, until): what their
   * customers paid (amounts net of refunds), summed per grade, × (1000 − the grade's
   * discount) / 1000, rounded down to whole fen per grade; with the grade each customer
   * holds now (no discount before a computation) and the grade they would hold. */
  gint64  since;
  gint64  until;
  gint64  discount_now_cents;
  gint64  discount_after_cents;
} SdTierSimulation;

void          sd_tier_simulation_free      (SdTierSimulation   *simulation);
/* PROPOSED must be valid (SD_ERROR_INVALID_INPUT otherwise). The window is the 365 days
 * before now. Needs customers.view. */
SdTierSimulation *sd_tiers_simulate        (SdSession          *session,
                                            const SdTierLadder *proposed,
                                            GError            **error);

/* What adding a rule (ID 0), changing rule ID or (REMOVE) deleting it would do to the
 * custom tiers, before it is saved: the same checks as sd_tiers_add_rule () and
 * sd_tiers_update_rule (); computed by making the change in a transaction that is rolled
 * back, so the figures are exactly what saving would leave, and nothing changes. */
typedef struct
{
  GPtrArray *rules;        /* SdTierRule *: every rule as it would be, by priority (the new
                            * one with id 0); a removed one last */
  GArray    *now;          /* gint64, one per rule: customers in its custom tier now */
  GArray    *after;        /* gint64, one per rule: after the change */
  gint64     none_now;     /* customers in no custom tier */
  gint64     none_after;
  GArray    *changed;      /* gint64 ids, ascending: customers whose custom tier changes */
} SdTierRuleSimulation;

void          sd_tier_rule_simulation_free (SdTierRuleSimulation *simulation);
/* Needs tiers.manage. */
SdTierRuleSimulation *sd_tiers_simulate_rule (SdSession        *session,
                                            gint64              id,
                                            const char         *name,
                                            int                 priority,
                                            const char         *condition,
                                            gboolean            enabled,
                                            gboolean            remove,
                                            GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTierLadder, sd_tier_ladder_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTierRuleSimulation, sd_tier_rule_simulation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTierChange, sd_tier_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCustomerTier, sd_customer_tier_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTierSimulation, sd_tier_simulation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTierRule, sd_tier_rule_free)

G_END_DECLS
