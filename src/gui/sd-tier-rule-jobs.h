/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"
#include "sd-tiers.h"

G_BEGIN_DECLS

/* The custom tier rules' work off the main thread, shared by the rules group and the rule
 * dialog. Every change recomputes every customer's custom tier — seconds on a million
 * customers — so each job runs on a worker thread with its own connection and a session
 * opened on it for the same account (sd_session_open_on ()). */

/* A change to one rule, as sd_tiers_simulate_rule () takes it: a new rule (ID 0), new
 * settings for rule ID, or (REMOVE) its deletion. */
typedef struct
{
  gint64    id;
  char     *name;
  int       priority;
  char     *condition;   /* the condition language's text */
  gboolean  enabled;
  gboolean  remove;
} SdTierRuleEdit;

SdTierRuleEdit *sd_tier_rule_edit_new       (gint64                id,
                                             const char           *name,
                                             int                   priority,
                                             const char           *condition,
                                             gboolean              enabled,
                                             gboolean              remove);
/* RULE as it is, to change one thing of. */
SdTierRuleEdit *sd_tier_rule_edit_new_from  (const SdTierRule     *rule);
void            sd_tier_rule_edit_free      (SdTierRuleEdit       *edit);

/* The rules by priority, with how many customers hold each (gint64 counts in the rules'
 * order) and how many hold none. */
void            sd_tier_rules_read_async    (gpointer              source,
                                             SdSession            *session,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray      *sd_tier_rules_read_finish   (GAsyncResult         *result,
                                             GArray              **out_counts,
                                             gint64               *out_none,
                                             GError              **error);   /* SdTierRule * */

/* What EDIT would do (sd_tiers_simulate_rule ()). */
void            sd_tier_rule_simulate_async (gpointer              source,
                                             SdSession            *session,
                                             const SdTierRuleEdit *edit,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SdTierRuleSimulation *sd_tier_rule_simulate_finish (GAsyncResult  *result,
                                                    GError       **error);

/* Saves EDIT: adds, updates or deletes the rule. The rule’s id (the new one after an add),
 * 0 on an error. */
void            sd_tier_rule_apply_async    (gpointer              source,
                                             SdSession            *session,
                                             const SdTierRuleEdit *edit,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gint64          sd_tier_rule_apply_finish   (GAsyncResult         *result,
                                             GError              **error);

/* Switching a rule on or off, or deleting it, as the person decides: simulates EDIT, asks
 * on PARENT naming how many customers it moves, and saves it when they agree. TRUE when
 * saved; FALSE without an error when they said no. */
void            sd_tier_rule_confirm_async  (gpointer              source,
                                             GtkWindow            *parent,
                                             SdSession            *session,
                                             const SdTierRuleEdit *edit,
                                             const char           *rule_name,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean        sd_tier_rule_confirm_finish (GAsyncResult         *result,
                                             GError              **error);

/* The message after EDIT was saved, for a toast ("Added the custom tier “…”"); BEFORE is
 * the rule as it was (NULL: EDIT added it). */
char           *sd_tier_rule_describe_saved (const SdTierRule     *before,
                                             const SdTierRuleEdit *edit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTierRuleEdit, sd_tier_rule_edit_free)

G_END_DECLS
