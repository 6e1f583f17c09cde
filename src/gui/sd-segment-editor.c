/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-segment-editor"

#include <glib/gi18n.h>

#include "sd-condition-editor.h"
#include "sd-error.h"
#include "sd-message.h"
#include "sd-permission-ui.h"
#include "sd-segment-editor.h"
#include "sd-segment-jobs.h"
#include "sd-values.h"

/* How long after the last edit the count starts: typing a number is not a count a key. */
#define COUNT_DELAY_MS 300

struct _SdSegmentEditor
{
  AdwWindow          parent_instance;

  SdSession         *session;
  SdSegment         *segment;          /* the one edited; NULL: a new one */
  GCancellable      *count_cancellable;
  guint              count_source;     /* the debounce timeout */
  guint              generation;       /* of the condition shown: older counts are dropped */
  gint64             count;

  SdConditionEditor *condition_editor;
  GtkLabel          *count_caption;
  GtkLabel          *count_label;
  GtkSpinner        *count_spinner;
  AdwPreferencesGroup *message_group;
  GtkLabel          *message_label;
  GtkLabel          *name_error;
  AdwEntryRow       *name_row;
  GtkWidget         *save_button;
  AdwWindowTitle    *window_title;
};

G_DEFINE_FINAL_TYPE (SdSegmentEditor, sd_segment_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---- */

static gboolean
may_save (SdSegmentEditor *self)
{
  return sd_permission_ui_can (self->session, SD_PERMISSION_MANAGE_TIERS);
}

static char *
typed_name (SdSegmentEditor *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

/* The name's problem, shown at the field; NULL clears it. */
static void
show_name_error (SdSegmentEditor *self,
                 const char      *message)
{
  gtk_label_set_label (self->name_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
}

/* What is wrong with the name before it is saved (the core checks it again), or NULL. */
static char *
name_problem (const char *name)
{
  if (g_utf8_strlen (name, -1) > SD_SEGMENT_NAME_MAX_CHARS)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "A name has at most %d character.",
                                         "A name has at most %d characters.", SD_SEGMENT_NAME_MAX_CHARS),
                            SD_SEGMENT_NAME_MAX_CHARS);
  return NULL;
}

/* The one place that decides whether Save may be pressed. */
static void
update_save (SdSegmentEditor *self)
{
  g_autofree char *name = typed_name (self);
  g_autofree char *problem = name_problem (name);
  g_autoptr(SdCondition) condition = sd_condition_editor_get_condition (self->condition_editor);

  gtk_widget_set_sensitive (self->save_button, may_save (self) && *name != '\0' && problem == NULL &&
                                               condition != NULL);
}

static void
show_count (SdSegmentEditor *self,
            gint64           count,
            const char      *caption,
            gboolean         busy)
{
  g_autofree char *number = count >= 0 ? sd_format_count (count) : g_strdup ("—");

  self->count = busy ? -1 : count;
  gtk_label_set_label (self->count_label, number);
  gtk_label_set_label (self->count_caption, caption);
  gtk_widget_set_visible (GTK_WIDGET (self->count_spinner), busy);
  gtk_spinner_set_spinning (self->count_spinner, busy);
  /* An old number stays in view while the new one is counted, dimmed. */
  if (busy)
    gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "dim-label");
}

static void
stop_counting (SdSegmentEditor *self)
{
  g_clear_handle_id (&self->count_source, g_source_remove);
  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
}

/* ---- the live count ---- */

static void
count_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SdSegmentEditor *self = SD_SEGMENT_EDITOR (source);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  gint64 count = sd_segment_jobs_count_finish (result, &error);

  /* A newer edit has its own count coming: this one is stale. */
  if (generation != self->generation || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->count_cancellable);
  if (count < 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not count: %s"), error->message);
      show_count (self, -1, message, FALSE);
      return;
    }
  show_count (self, count,
              g_dngettext (GETTEXT_PACKAGE, "customer matches now", "customers match now", count), FALSE);
}

static gboolean
count_due_cb (gpointer data)
{
  SdSegmentEditor *self = SD_SEGMENT_EDITOR (data);
  g_autoptr(SdCondition) condition = sd_condition_editor_get_condition (self->condition_editor);

  self->count_source = 0;
  if (condition == NULL || self->session == NULL)
    return G_SOURCE_REMOVE;
  self->count_cancellable = g_cancellable_new ();
  sd_segment_jobs_count_async (self, self->session, 0, condition, self->count_cancellable, count_done_cb,
                               GUINT_TO_POINTER (self->generation));
  return G_SOURCE_REMOVE;
}

/* The condition changed: its count is due after a pause in the editing. */
static void
schedule_count (SdSegmentEditor *self)
{
  g_autoptr(SdCondition) condition = sd_condition_editor_get_condition (self->condition_editor);
  const char *error = sd_condition_editor_get_error (self->condition_editor);

  stop_counting (self);
  self->generation++;
  if (condition == NULL)
    {
      show_count (self, -1, error != NULL ? error : "", FALSE);
      return;
    }
  if (self->session == NULL || !sd_permission_ui_can (self->session, SD_PERMISSION_VIEW_CUSTOMERS))
    {
      show_count (self, -1, _("Counting needs the permission to view customers."), FALSE);
      return;
    }
  show_count (self, -1, _("Counting…"), TRUE);
  self->count_source = g_timeout_add (COUNT_DELAY_MS, count_due_cb, self);
}

/* ---- callbacks ---- */

static void
condition_changed_cb (SdSegmentEditor *self)
{
  schedule_count (self);
  update_save (self);
}

static void
name_changed_cb (SdSegmentEditor *self)
{
  g_autofree char *name = typed_name (self);
  g_autofree char *problem = name_problem (name);

  show_name_error (self, problem);
  update_save (self);
}

/* Shows ERROR where it belongs: a name in use or refused at the name, the rest above. */
static void
show_save_error (SdSegmentEditor *self,
                 const GError    *error)
{
  gboolean about_condition = g_str_has_prefix (error->message, "at column ");

  if (g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT) ||
      (g_error_matches (error, SD_ERROR, SD_ERROR_INVALID_INPUT) && !about_condition))
    {
      show_name_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
    }
  else
    sd_message_show_in_group (self->message_group, self->message_label, error->message, TRUE);
}

/* Creates the segment, or applies the changes to the one edited; its id, 0 on error. */
static gint64
save (SdSegmentEditor *self,
      const char      *name,
      const char      *expression,
      GError         **error)
{
  if (self->segment == NULL)
    return sd_segments_create (self->session, name, expression, error);

  if (g_strcmp0 (name, self->segment->name) != 0)
    {
      if (!sd_segments_rename (self->session, self->segment->id, name, error))
        return 0;
      /* Renamed: a retry after a failure below does not rename again. */
      g_free (self->segment->name);
      self->segment->name = g_strdup (name);
    }
  if (g_strcmp0 (expression, self->segment->expression) != 0 &&
      !sd_segments_set_expression (self->session, self->segment->id, expression, error))
    return 0;
  return self->segment->id;
}

static void
save_cb (SdSegmentEditor *self)
{
  g_autofree char *name = typed_name (self);
  g_autoptr(SdCondition) condition = sd_condition_editor_get_condition (self->condition_editor);
  g_autofree char *expression = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!gtk_widget_get_sensitive (self->save_button) || condition == NULL)
    return;
  sd_message_show_in_group (self->message_group, self->message_label, NULL, FALSE);
  expression = sd_condition_to_string (condition);
  id = save (self, name, expression, &error);
  if (id <= 0)
    {
      show_save_error (self, error);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- the object ---- */

static void
sd_segment_editor_dispose (GObject *object)
{
  SdSegmentEditor *self = SD_SEGMENT_EDITOR (object);

  stop_counting (self);
  self->generation++;
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_SEGMENT_EDITOR);
  G_OBJECT_CLASS (sd_segment_editor_parent_class)->dispose (object);
}

static void
sd_segment_editor_finalize (GObject *object)
{
  SdSegmentEditor *self = SD_SEGMENT_EDITOR (object);

  g_clear_pointer (&self->segment, sd_segment_free);
  G_OBJECT_CLASS (sd_segment_editor_parent_class)->finalize (object);
}

static void
sd_segment_editor_class_init (SdSegmentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_segment_editor_dispose;
  object_class->finalize = sd_segment_editor_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SD_TYPE_CONDITION_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-segment-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SdSegmentEditor, condition_editor);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentEditor, count_caption);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentEditor, count_label);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentEditor, count_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentEditor, message_group);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentEditor, name_error);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentEditor, window_title);
  gtk_widget_class_bind_template_callback (widget_class, condition_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_segment_editor_init (SdSegmentEditor *self)
{
  self->count = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public API ---- */

SdSegmentEditor *
sd_segment_editor_new (GtkWindow       *parent,
                       SdSession       *session,
                       const SdSegment *segment)
{
  SdSegmentEditor *self;
  g_autoptr(SdCondition) condition = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_SEGMENT_EDITOR, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->segment = segment != NULL ? sd_segment_copy (segment) : NULL;
  adw_window_title_set_title (self->window_title, segment != NULL ? _("Edit Segment") : _("New Segment"));
  sd_permission_ui_explain (self->save_button, session, SD_PERMISSION_MANAGE_TIERS, NULL);
  sd_condition_editor_set_session (self->condition_editor, session);
  if (segment != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), segment->name);
      condition = sd_segment_get_condition (segment, NULL);
    }
  /* Also counts: the segment's customers show as soon as it opens. */
  sd_condition_editor_set_condition (self->condition_editor, condition);
  update_save (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

gint64
sd_segment_editor_get_count (SdSegmentEditor *self)
{
  g_return_val_if_fail (SD_IS_SEGMENT_EDITOR (self), -1);

  return self->count;
}

gboolean
sd_segment_editor_get_busy (SdSegmentEditor *self)
{
  g_return_val_if_fail (SD_IS_SEGMENT_EDITOR (self), FALSE);

  return self->count_source != 0 || self->count_cancellable != NULL;
}
