/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-agents-dialog"

#include <glib/gi18n.h>

#include "sd-agents-dialog.h"
#include "sd-agents.h"
#include "sd-chat-admin.h"
#include "sd-format.h"
#include "sd-message.h"

/* A spin button's change waits this long for the next click before it is saved: one
 * audited change for a run of clicks, not one a click. */
#define SAVE_DELAY_MS 400

/* One agent's row and its pending change of settings. */
typedef struct
{
  SdAgentsDialog *self;           /* not a reference: the dialog owns the rows */
  SdAgent        *agent;          /* as last read */
  AdwPreferencesRow *row;
  GtkLabel       *status_label;
  GtkSpinButton  *limit_spin;     /* NULL unless a manager */
  GtkSpinButton  *weight_spin;
  guint           save_id;
} AgentRow;

struct _SdAgentsDialog
{
  AdwWindow        parent_instance;

  SdSession       *session;
  gboolean         manager;
  GPtrArray       *rows;          /* AgentRow * */

  AdwWindowTitle  *window_title;
  GtkStack        *content_stack;
  AdwStatusPage   *empty_page;
  GtkBox          *groups_box;
  GtkLabel        *intro_label;
  AdwToastOverlay *toast_overlay;
};

G_DEFINE_FINAL_TYPE (SdAgentsDialog, sd_agents_dialog, ADW_TYPE_WINDOW)

/* The status row's choices, in order. */
static const SdAgentStatus status_order[] = { SD_AGENT_ONLINE, SD_AGENT_PAUSED, SD_AGENT_OFFLINE };

static void save_settings (AgentRow *row);

static void
agent_row_free (AgentRow *row)
{
  /* A change still waiting is saved, not lost, when the rows go (a reload, closing). */
  if (row->save_id != 0)
    save_settings (row);
  g_clear_pointer (&row->agent, sd_agent_free);
  g_free (row);
}

/* ---- helpers ---- */

static gboolean
is_self (SdAgentsDialog *self,
         const SdAgent  *agent)
{
  return agent->staff_id == sd_session_get_staff_id (self->session);
}

static const char *
agent_name (const SdAgent *agent)
{
  return *agent->display_name ? agent->display_name : agent->login;
}

static void
toast (SdAgentsDialog *self,
       const char     *message,
       gboolean        error)
{
  sd_message_add_toast (self->toast_overlay, message, error);
}

/* "Online" in the style that says so, with when it changed on hover. */
static void
show_status (AgentRow *row)
{
  const SdAgent *agent = row->agent;
  GtkWidget *label = GTK_WIDGET (row->status_label);
  g_autofree char *when = NULL;
  g_autofree char *exact = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *load = NULL;
  g_autofree char *routed = NULL;

  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, agent->disabled ? "dim-label"
                                   : agent->status == SD_AGENT_ONLINE ? "success"
                                   : agent->status == SD_AGENT_PAUSED ? "warning" : "dim-label");
  if (agent->disabled)
    text = g_strdup (_("Account disabled"));
  else if (agent->changed_at != 0)
    {
      when = sd_format_when (agent->changed_at, g_get_real_time () / G_USEC_PER_SEC);
      /* TRANSLATORS: an agent's status and since when, like “Online · 5 minutes ago” */
      text = g_strdup_printf (_("%s · %s"), sd_agent_status_get_label (agent->status), when);
      exact = sd_format_datetime (agent->changed_at);
    }
  else
    text = g_strdup (sd_agent_status_get_label (agent->status));
  gtk_label_set_label (row->status_label, text);
  if (exact != NULL)
    {
      /* TRANSLATORS: tooltip of an agent's status; %s is a date and time */
      g_autofree char *tooltip = g_strdup_printf (_("Since %s"), exact);
      gtk_widget_set_tooltip_text (label, tooltip);
    }
  else
    gtk_widget_set_tooltip_text (label, NULL);

  /* TRANSLATORS: an agent's open chats against their limit, like “2 of 5 chats” */
  load = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld of %d chat", "%lld of %d chats",
                                       (gulong) agent->max_concurrent),
                          (long long) agent->load, agent->max_concurrent);
  routed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld routed to them", "%lld routed to them",
                                         (gulong) MIN (agent->routed, G_MAXLONG)),
                            (long long) agent->routed);
  subtitle = g_strdup_printf ("%s · %s", load, routed);
  if (ADW_IS_EXPANDER_ROW (row->row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row->row), subtitle);
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), subtitle);
}

static void
reread (AgentRow *row)
{
  g_autoptr(GError) error = NULL;
  SdAgent *agent = sd_agents_get (row->self->session, row->agent->staff_id, &error);

  if (agent == NULL)
    {
      toast (row->self, error->message, TRUE);
      return;
    }
  sd_agent_free (row->agent);
  row->agent = agent;
  show_status (row);
}

static void
save_settings (AgentRow *row)
{
  g_autoptr(GError) error = NULL;
  int limit = gtk_spin_button_get_value_as_int (row->limit_spin);
  int weight = gtk_spin_button_get_value_as_int (row->weight_spin);

  g_clear_handle_id (&row->save_id, g_source_remove);
  if (limit == row->agent->max_concurrent && weight == row->agent->weight)
    return;
  if (!sd_agents_configure (row->self->session, row->agent->staff_id, limit, weight, &error))
    {
      toast (row->self, error->message, TRUE);
      /* Back to what the shop has, so the buttons never show what was not saved. */
      gtk_spin_button_set_value (row->limit_spin, row->agent->max_concurrent);
      gtk_spin_button_set_value (row->weight_spin, row->agent->weight);
      g_clear_handle_id (&row->save_id, g_source_remove);
      return;
    }
  reread (row);
}

/* ---- callbacks ---- */

static gboolean
save_timeout_cb (gpointer data)
{
  AgentRow *row = data;

  row->save_id = 0;
  save_settings (row);
  return G_SOURCE_REMOVE;
}

static void
spin_changed_cb (GtkSpinButton *spin,
                 AgentRow      *row)
{
  g_clear_handle_id (&row->save_id, g_source_remove);
  row->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, row);
}

static void
own_status_cb (AdwComboRow *combo,
               GParamSpec  *pspec,
               AgentRow    *row)
{
  guint selected = adw_combo_row_get_selected (combo);
  g_autoptr(GError) error = NULL;

  if (selected >= G_N_ELEMENTS (status_order) || status_order[selected] == row->agent->status)
    return;
  if (!sd_agents_set_status (row->self->session, 0, status_order[selected], &error))
    {
      toast (row->self, error->message, TRUE);
      return;
    }
  reread (row);
}

static void
offline_cb (GtkButton *button,
            AgentRow  *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!sd_agents_set_status (row->self->session, row->agent->staff_id, SD_AGENT_OFFLINE, &error))
    {
      toast (row->self, error->message, TRUE);
      return;
    }
  reread (row);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  message = g_strdup_printf (_("%s is offline now and gets no new chats"), agent_name (row->agent));
  toast (row->self, message, FALSE);
}

/* ---- rows ---- */

static GtkSpinButton *
settings_row (AdwExpanderRow *row,
              const char     *title,
              const char     *subtitle,
              const char     *name,
              int             value,
              int             max)
{
  GtkWidget *setting = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (1, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (setting), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (setting), subtitle);
  gtk_widget_set_name (spin, name);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (setting), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (setting), spin);
  adw_expander_row_add_row (row, setting);
  return GTK_SPIN_BUTTON (spin);
}

static void
add_own_status (SdAgentsDialog *self,
                AgentRow       *row,
                AdwExpanderRow *expander)
{
  GtkWidget *combo = adw_combo_row_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (status_order); i++)
    gtk_string_list_append (labels, sd_agent_status_get_label (status_order[i]));
  gtk_widget_set_name (combo, "status_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), _("Your Status"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (combo), _("Paused: you keep your chats and get no new ones."));
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (labels));
  for (guint i = 0; i < G_N_ELEMENTS (status_order); i++)
    if (status_order[i] == row->agent->status)
      adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
  g_signal_connect (combo, "notify::selected", G_CALLBACK (own_status_cb), row);
  adw_expander_row_add_row (expander, combo);
}

static void
add_offline (SdAgentsDialog *self,
             AgentRow       *row,
             AdwExpanderRow *expander)
{
  GtkWidget *setting = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Take _Offline"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (setting), _("Status"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (setting),
                               _("Only the agent puts themselves online or pauses; you can take them offline, "
                                 "for example when they left without doing so."));
  gtk_widget_set_name (button, "offline_button");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, row->agent->status != SD_AGENT_OFFLINE);
  g_signal_connect (button, "clicked", G_CALLBACK (offline_cb), row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (setting), button);
  adw_expander_row_add_row (expander, setting);
}

static GtkWidget *
agent_row (SdAgentsDialog *self,
           SdAgent        *agent)
{
  AgentRow *row = g_new0 (AgentRow, 1);
  g_autofree char *name = g_strdup_printf ("agent-%s", agent->login);
  gboolean own = is_self (self, agent);
  GtkWidget *status = gtk_label_new (NULL);

  row->self = self;
  row->agent = agent;
  g_ptr_array_add (self->rows, row);
  gtk_widget_add_css_class (status, "caption");
  row->status_label = GTK_LABEL (status);
  gtk_widget_set_name (status, "status_label");
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);

  if (self->manager || own)
    {
      AdwExpanderRow *expander = ADW_EXPANDER_ROW (adw_expander_row_new ());

      row->row = ADW_PREFERENCES_ROW (expander);
      adw_expander_row_add_action (expander, status);
      if (own)
        add_own_status (self, row, expander);
      else if (!agent->disabled)
        add_offline (self, row, expander);
      if (self->manager)
        {
          row->limit_spin = settings_row (expander, _("Chats at Once"), _("New chats wait while this many are open"),
                                          "limit_spin", agent->max_concurrent, SD_AGENT_MAX_LIMIT);
          row->weight_spin = settings_row (expander, _("Routing Weight"),
                                           _("Share of new chats: weight 2 gets twice as many as weight 1"),
                                           "weight_spin", agent->weight, SD_AGENT_MAX_WEIGHT);
          g_signal_connect (row->limit_spin, "value-changed", G_CALLBACK (spin_changed_cb), row);
          g_signal_connect (row->weight_spin, "value-changed", G_CALLBACK (spin_changed_cb), row);
        }
    }
  else
    {
      row->row = ADW_PREFERENCES_ROW (adw_action_row_new ());
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), status);
    }
  gtk_widget_set_name (GTK_WIDGET (row->row), name);
  adw_preferences_row_set_use_markup (row->row, FALSE);
  if (own)
    {
      /* TRANSLATORS: the agent's own row: their name */
      g_autofree char *title = g_strdup_printf (_("%s (you)"), agent_name (agent));
      adw_preferences_row_set_title (row->row, title);
    }
  else
    adw_preferences_row_set_title (row->row, agent_name (agent));
  if (agent->disabled)
    gtk_widget_add_css_class (GTK_WIDGET (row->row), "dim-label");
  show_status (row);
  return GTK_WIDGET (row->row);
}

static void
reload (SdAgentsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agents = sd_agents_list (self->session, 0, &error);
  g_autoptr(GPtrArray) departments = sd_chat_admin_departments (self->session);
  AdwPreferencesGroup *group = NULL;
  gint64 department_id = -1;
  guint online = 0;
  GtkWidget *child;
  g_autofree char *subtitle = NULL;

  /* Pending changes are saved first (agent_row_free). */
  g_ptr_array_set_size (self->rows, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);

  if (agents == NULL || agents->len == 0)
    {
      if (agents == NULL)
        {
          adw_status_page_set_title (self->empty_page, _("Agents Cannot Be Shown"));
          adw_status_page_set_description (self->empty_page, error->message);
        }
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }
  for (guint i = 0; i < agents->len; i++)
    {
      SdAgent *agent = g_ptr_array_index (agents, i);

      if (group == NULL || agent->department_id != department_id)
        {
          g_autofree char *title = sd_chat_admin_department_name (departments, agent->department_id);
          g_autofree char *escaped = g_markup_escape_text (title, -1);
          g_autofree char *name = g_strdup_printf ("department-%" G_GINT64_FORMAT, agent->department_id);

          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          gtk_widget_set_name (GTK_WIDGET (group), name);
          adw_preferences_group_set_title (group, escaped);
          if (agent->department_id == 0)
            adw_preferences_group_set_description (group, _("Chats are routed by department: these agents get "
                                                             "only chats handed to them."));
          gtk_box_append (self->groups_box, GTK_WIDGET (group));
          department_id = agent->department_id;
        }
      if (!agent->disabled && agent->status == SD_AGENT_ONLINE)
        online++;
      /* The row owns the agent from here on. */
      agents->pdata[i] = NULL;
      adw_preferences_group_add (group, agent_row (self, agent));
    }
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u online", "%u online", online), online);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->content_stack, "agents");
}

static void
reload_cb (SdAgentsDialog *self)
{
  reload (self);
}

static gboolean
close_request_cb (SdAgentsDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      AgentRow *row = g_ptr_array_index (self->rows, i);
      if (row->save_id != 0)
        save_settings (row);
    }
  return FALSE;
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (SD_AGENTS_DIALOG (widget));
}

/* ---- the object ---- */

static void
sd_agents_dialog_dispose (GObject *object)
{
  SdAgentsDialog *self = SD_AGENTS_DIALOG (object);

  /* The rows save what is pending through the session: they go first. */
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_AGENTS_DIALOG);
  G_OBJECT_CLASS (sd_agents_dialog_parent_class)->dispose (object);
}

static void
sd_agents_dialog_class_init (SdAgentsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_agents_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-agents-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdAgentsDialog, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SdAgentsDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SdAgentsDialog, groups_box);
  gtk_widget_class_bind_template_child (widget_class, SdAgentsDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, SdAgentsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdAgentsDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);
  gtk_widget_class_bind_template_callback (widget_class, reload_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "agents.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "agents.reload", NULL);
}

static void
sd_agents_dialog_init (SdAgentsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) agent_row_free);
}

/* ---- public API ---- */

GtkWidget *
sd_agents_dialog_new (GtkWindow *parent,
                      SdSession *session)
{
  SdAgentsDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_AGENTS_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->manager = sd_chat_admin_is_manager (session);
  gtk_label_set_label (self->intro_label,
                       self->manager ? _("New chats go to online agents of the chat’s department, in turn by weight, "
                                         "never beyond an agent’s limit. Changes are saved as you make them.")
                                     : _("New chats go to online agents of the chat’s department. Pause to finish "
                                         "your chats without getting new ones."));
  reload (self);
  return GTK_WIDGET (self);
}
