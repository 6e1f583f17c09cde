/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tier-rule-jobs"

#include <glib/gi18n.h>

#include "sd-format.h"
#include "sd-message.h"
#include "sd-tier-rule-jobs.h"
#include "sd-values.h"

/* ---- the edit ---- */

SdTierRuleEdit *
sd_tier_rule_edit_new (gint64      id,
                       const char *name,
                       int         priority,
                       const char *condition,
                       gboolean    enabled,
                       gboolean    remove)
{
  SdTierRuleEdit *edit = g_new0 (SdTierRuleEdit, 1);

  g_return_val_if_fail (!remove || id != 0, NULL);

  edit->id = id;
  edit->name = g_strdup (name != NULL ? name : "");
  edit->priority = priority;
  edit->condition = g_strdup (condition != NULL ? condition : "");
  edit->enabled = enabled;
  edit->remove = remove;
  return edit;
}

SdTierRuleEdit *
sd_tier_rule_edit_new_from (const SdTierRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return sd_tier_rule_edit_new (rule->id, rule->name, rule->priority, rule->condition, rule->enabled, FALSE);
}

static SdTierRuleEdit *
edit_copy (const SdTierRuleEdit *edit)
{
  return sd_tier_rule_edit_new (edit->id, edit->name, edit->priority, edit->condition, edit->enabled, edit->remove);
}

void
sd_tier_rule_edit_free (SdTierRuleEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->name);
  g_free (edit->condition);
  g_free (edit);
}

/* ---- work on a worker thread, with its own connection ---- */

typedef struct
{
  SdSession      *session;   /* the caller's: only sd_session_open_on () reads it */
  SdTierRuleEdit *edit;      /* NULL for a read */
} Job;

typedef struct
{
  GPtrArray *rules;
  GArray    *counts;
  gint64     none;
} ReadResult;

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  sd_tier_rule_edit_free (job->edit);
  g_free (job);
}

static void
read_result_free (ReadResult *result)
{
  g_clear_pointer (&result->rules, g_ptr_array_unref);
  g_clear_pointer (&result->counts, g_array_unref);
  g_free (result);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (((Job *) task_data)->session, &error);
  ReadResult *result = g_new0 (ReadResult, 1);

  if (session != NULL && (result->rules = sd_tiers_list_rules (session, &error)) != NULL)
    result->counts = sd_tiers_count_rules (session, result->rules, &result->none, &error);
  if (result->counts == NULL)
    {
      read_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) read_result_free);
}

static void
simulate_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  const SdTierRuleEdit *edit = job->edit;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (job->session, &error);
  SdTierRuleSimulation *simulation = NULL;

  if (session != NULL)
    simulation = sd_tiers_simulate_rule (session, edit->id, edit->name, edit->priority, edit->condition,
                                         edit->enabled, edit->remove, &error);
  if (simulation == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, simulation, (GDestroyNotify) sd_tier_rule_simulation_free);
}

/* A new rule is always added switched on: one that is to start switched off is switched
 * off right after, on the same connection. */
static gint64
apply_edit (SdSession            *session,
            const SdTierRuleEdit *edit,
            GError              **error)
{
  gint64 id = edit->id;

  if (edit->remove)
    return sd_tiers_delete_rule (session, id, error) ? id : 0;
  if (id == 0)
    {
      id = sd_tiers_add_rule (session, edit->name, edit->priority, edit->condition, error);
      if (id == 0 || edit->enabled)
        return id;
    }
  return sd_tiers_update_rule (session, id, edit->name, edit->priority, edit->condition, edit->enabled, error)
           ? id
           : 0;
}

static void
apply_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (job->session, &error);
  gint64 id = session != NULL ? apply_edit (session, job->edit, &error) : 0;

  if (id == 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, id);
}

static void
run_job (gpointer              source,
         SdSession            *session,
         const SdTierRuleEdit *edit,
         GTaskThreadFunc       thread,
         gpointer              source_tag,
         GCancellable         *cancellable,
         GAsyncReadyCallback   callback,
         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (edit != NULL || thread == read_thread);

  task = g_task_new (source, cancellable, callback, user_data);
  job = g_new0 (Job, 1);
  job->session = g_object_ref (session);
  job->edit = edit != NULL ? edit_copy (edit) : NULL;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, thread);
}

void
sd_tier_rules_read_async (gpointer             source,
                          SdSession           *session,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  run_job (source, session, NULL, read_thread, sd_tier_rules_read_async, cancellable, callback, user_data);
}

GPtrArray *
sd_tier_rules_read_finish (GAsyncResult  *result,
                           GArray       **out_counts,
                           gint64        *out_none,
                           GError       **error)
{
  ReadResult *read;
  GPtrArray *rules;

  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sd_tier_rules_read_async, NULL);

  read = g_task_propagate_pointer (G_TASK (result), error);
  if (read == NULL)
    return NULL;
  rules = g_steal_pointer (&read->rules);
  if (out_counts != NULL)
    *out_counts = g_steal_pointer (&read->counts);
  if (out_none != NULL)
    *out_none = read->none;
  read_result_free (read);
  return rules;
}

void
sd_tier_rule_simulate_async (gpointer              source,
                             SdSession            *session,
                             const SdTierRuleEdit *edit,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  run_job (source, session, edit, simulate_thread, sd_tier_rule_simulate_async, cancellable, callback, user_data);
}

SdTierRuleSimulation *
sd_tier_rule_simulate_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sd_tier_rule_simulate_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sd_tier_rule_apply_async (gpointer              source,
                          SdSession            *session,
                          const SdTierRuleEdit *edit,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  run_job (source, session, edit, apply_thread, sd_tier_rule_apply_async, cancellable, callback, user_data);
}

gint64
sd_tier_rule_apply_finish (GAsyncResult  *result,
                           GError       **error)
{
  gint64 id;

  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sd_tier_rule_apply_async, 0);

  id = g_task_propagate_int (G_TASK (result), error);
  /* g_task_propagate_int () gives -1 on an error; a rule id is never 0. */
  return id > 0 ? id : 0;
}

/* ---- asking first ---- */

typedef struct
{
  GtkWindow      *parent;
  SdSession      *session;
  SdTierRuleEdit *edit;
  char           *name;
  gboolean        answered;
} Confirm;

static void
confirm_free (Confirm *confirm)
{
  g_clear_object (&confirm->parent);
  g_clear_object (&confirm->session);
  sd_tier_rule_edit_free (confirm->edit);
  g_free (confirm->name);
  g_free (confirm);
}

/* What the question says: who the change moves, from the simulation. */
static char *
question_body (const SdTierRuleEdit       *edit,
               const SdTierRuleSimulation *simulation)
{
  gint64 moved = simulation->changed->len;
  g_autofree char *figure = sd_format_count (moved);

  if (edit->remove)
    {
      /* The removed rule comes last: the customers who hold it now lose it. */
      gint64 holding = g_array_index (simulation->now, gint64, simulation->now->len - 1);
      g_autofree char *holders = sd_format_count (holding);

      if (holding == 0)
        return g_strdup (_("No customer holds this custom tier now."));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s customer holds this custom tier now and loses it: the next rule "
                                           "they meet, if any, gives them another.",
                                           "%s customers hold this custom tier now and lose it: the next rule "
                                           "they meet, if any, gives them another.",
                                           (gulong) holding),
                              holders);
    }
  if (moved == 0)
    return g_strdup (edit->enabled ? _("No customer would get this custom tier now.")
                                   : _("No customer holds this custom tier now."));
  if (edit->enabled)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer gets this custom tier.",
                                         "%s customers get this custom tier.", (gulong) moved),
                            figure);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s customer loses this custom tier: the next rule they meet, if any, "
                                       "gives them another.",
                                       "%s customers lose this custom tier: the next rule they meet, if any, "
                                       "gives them another.",
                                       (gulong) moved),
                          figure);
}

static void
applied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (sd_tier_rule_apply_finish (result, &error) == 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
answered_cb (AdwMessageDialog *dialog,
             const char       *response,
             GTask            *task)
{
  Confirm *confirm = g_task_get_task_data (task);

  if (confirm->answered)
    return;
  confirm->answered = TRUE;
  if (g_strcmp0 (response, "apply") != 0 || g_task_return_error_if_cancelled (task))
    {
      if (!g_task_had_error (task))
        g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      return;
    }
  /* The task's own reference goes on to the save. */
  sd_tier_rule_apply_async (g_task_get_source_object (task), confirm->session, confirm->edit,
                            g_task_get_cancellable (task), applied_cb, task);
}

/* Gone without an answer (its parent closed): a no. */
static void
dialog_destroyed_cb (AdwMessageDialog *dialog,
                     GTask            *task)
{
  answered_cb (dialog, "cancel", task);
}

static void
ask (GTask                      *task,
     const SdTierRuleSimulation *simulation)
{
  Confirm *confirm = g_task_get_task_data (task);
  const SdTierRuleEdit *edit = confirm->edit;
  g_autofree char *body = question_body (edit, simulation);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (edit->remove)
    /* TRANSLATORS: %s is a custom tier's name */
    heading = g_strdup_printf (_("Delete “%s”?"), confirm->name);
  else if (edit->enabled)
    heading = g_strdup_printf (_("Switch On “%s”?"), confirm->name);
  else
    heading = g_strdup_printf (_("Switch Off “%s”?"), confirm->name);
  dialog = sd_message_confirm (confirm->parent, heading, body, "apply",
                               edit->remove ? _("_Delete") : edit->enabled ? _("Switch _On") : _("Switch _Off"),
                               G_CALLBACK (answered_cb), task);
  /* Switching on takes nothing away. */
  if (!edit->remove && edit->enabled)
    adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), task, 0);
}

static void
simulated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdTierRuleSimulation) simulation = sd_tier_rule_simulate_finish (result, &error);

  if (simulation == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  ask (task, simulation);
}

void
sd_tier_rule_confirm_async (gpointer              source,
                            GtkWindow            *parent,
                            SdSession            *session,
                            const SdTierRuleEdit *edit,
                            const char           *rule_name,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  GTask *task;
  Confirm *confirm;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (edit != NULL && edit->id != 0);

  task = g_task_new (source, cancellable, callback, user_data);
  confirm = g_new0 (Confirm, 1);
  confirm->parent = parent != NULL ? g_object_ref (parent) : NULL;
  confirm->session = g_object_ref (session);
  confirm->edit = edit_copy (edit);
  confirm->name = g_strdup (rule_name != NULL ? rule_name : edit->name);
  g_task_set_source_tag (task, sd_tier_rule_confirm_async);
  g_task_set_task_data (task, confirm, (GDestroyNotify) confirm_free);
  /* The task's reference travels through the simulation, the question and the save. */
  sd_tier_rule_simulate_async (source, session, edit, cancellable, simulated_cb, task);
}

gboolean
sd_tier_rule_confirm_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sd_tier_rule_confirm_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
sd_tier_rule_describe_saved (const SdTierRule     *before,
                             const SdTierRuleEdit *edit)
{
  gboolean only_switched;

  g_return_val_if_fail (edit != NULL, NULL);

  if (edit->remove)
    return g_strdup_printf (_("Deleted the custom tier “%s”"), edit->name);
  if (before == NULL)
    return g_strdup_printf (_("Added the custom tier “%s”"), edit->name);
  only_switched = before->enabled != edit->enabled && before->priority == edit->priority &&
                  g_strcmp0 (before->name, edit->name) == 0 && g_strcmp0 (before->condition, edit->condition) == 0;
  if (only_switched)
    return g_strdup_printf (edit->enabled ? _("Switched on the custom tier “%s”")
                                          : _("Switched off the custom tier “%s”"),
                            edit->name);
  return g_strdup_printf (_("Saved the custom tier “%s”"), edit->name);
}
