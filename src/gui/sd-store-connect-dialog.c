/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-store-connect-dialog"

#include <glib/gi18n.h>

#include "sd-error.h"
#include "sd-message.h"
#include "sd-store-connect-dialog.h"
#include "sd-store-jobs.h"

#define TAOBAO_ROUTER "https://eco.taobao.com/router/rest"

/* The platform drop-down's items, in its order. */
typedef enum
{
  PLATFORM_TAOBAO,
  PLATFORM_SHOPIFY,
} Platform;

static const char *const platform_ids[] = { "taobao", "shopify" };

typedef enum
{
  FIELD_URL,
  FIELD_APP_KEY,
  FIELD_APP_SECRET,
  FIELD_SESSION,
  FIELD_TOKEN,
  FIELD_API_VERSION,
  N_FIELDS
} Field;

/* Which group's message speaks for a field. */
typedef enum
{
  GROUP_STORE,
  GROUP_TAOBAO,
  GROUP_SHOPIFY,
  N_GROUPS
} Group;

static const struct
{
  Group    group;
  gboolean taobao;
  gboolean shopify;
} fields[N_FIELDS] = {
  [FIELD_URL] = { GROUP_STORE, TRUE, TRUE },
  [FIELD_APP_KEY] = { GROUP_TAOBAO, TRUE, FALSE },
  [FIELD_APP_SECRET] = { GROUP_TAOBAO, TRUE, FALSE },
  [FIELD_SESSION] = { GROUP_TAOBAO, TRUE, FALSE },
  [FIELD_TOKEN] = { GROUP_SHOPIFY, FALSE, TRUE },
  [FIELD_API_VERSION] = { GROUP_SHOPIFY, FALSE, TRUE },
};

struct _SdStoreConnectDialog
{
  AdwWindow             parent_instance;

  SdSession            *session;
  GCancellable         *cancellable;       /* the test or connect under way */
  guint                 generation;
  gboolean              touched[N_FIELDS]; /* typed in: its problem may show */
  gboolean              submitted;         /* tested or connected once: every problem shows */
  gboolean              filling;           /* the dialog itself changes a field */
  AdwEntryRow          *rows[N_FIELDS];
  GtkLabel             *messages[N_GROUPS];
  char                 *url;               /* trimmed, for the settings */
  char                 *app_key;
  char                 *api_version;

  AdwEntryRow          *api_version_row;
  AdwEntryRow          *app_key_row;
  AdwPasswordEntryRow  *app_secret_row;
  GtkButton            *cancel_button;
  GtkButton            *connect_button;
  GtkSpinner           *connect_spinner;
  AdwPreferencesGroup  *message_group;
  GtkLabel             *message_label;
  AdwComboRow          *platform_row;
  AdwPasswordEntryRow  *session_row;
  AdwComboRow          *sign_method_row;
  AdwPreferencesGroup  *shopify_group;
  GtkLabel             *shopify_message;
  AdwPreferencesGroup  *store_group;
  AdwPreferencesGroup  *taobao_group;
  GtkLabel             *taobao_message;
  GtkButton            *test_button;
  GtkLabel             *test_result;
  GtkSpinner           *test_spinner;
  AdwPasswordEntryRow  *token_row;
  AdwEntryRow          *url_row;
  GtkLabel             *url_message;
  AdwWindowTitle       *window_title;
};

G_DEFINE_FINAL_TYPE (SdStoreConnectDialog, sd_store_connect_dialog, ADW_TYPE_WINDOW)

enum {
  CONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the form ---- */

static Platform
platform (SdStoreConnectDialog *self)
{
  return adw_combo_row_get_selected (self->platform_row) == PLATFORM_SHOPIFY ? PLATFORM_SHOPIFY : PLATFORM_TAOBAO;
}

static gboolean
field_applies (SdStoreConnectDialog *self,
               Field                 field)
{
  return platform (self) == PLATFORM_SHOPIFY ? fields[field].shopify : fields[field].taobao;
}

static char *
field_text (SdStoreConnectDialog *self,
            Field                 field)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rows[field]))));
}

static gboolean
is_web_address (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  return uri != NULL && (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static gboolean
is_api_version (const char *text)
{
  return *text == '\0' || g_strcmp0 (text, "unstable") == 0 ||
         g_regex_match_simple ("^[0-9]{4}-[0-9]{2}$", text, 0, 0);
}

/* What is wrong with FIELD as typed, in words for the person; NULL when nothing. */
static const char *
field_problem (SdStoreConnectDialog *self,
               Field                 field)
{
  g_autofree char *text = field_text (self, field);

  switch (field)
    {
    case FIELD_URL:
      if (*text == '\0')
        return platform (self) == PLATFORM_TAOBAO
                 ? _("Enter the router’s address, such as https://eco.taobao.com/router/rest.")
                 : _("Enter the shop’s address, such as https://your-shop.myshopify.com.");
      if (!is_web_address (text))
        return _("This is not a web address: it starts with https:// (or http://) and names a server.");
      return NULL;
    case FIELD_APP_KEY:
      return *text == '\0' ? _("Enter the app key.") : NULL;
    case FIELD_APP_SECRET:
      return *text == '\0' ? _("Enter the app secret.") : NULL;
    case FIELD_SESSION:
      return *text == '\0' ? _("Enter the session key the shop owner authorised.") : NULL;
    case FIELD_TOKEN:
      return *text == '\0' ? _("Enter the access token.") : NULL;
    case FIELD_API_VERSION:
      return is_api_version (text) ? NULL : _("An API version looks like 2024-01.");
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static const char *
url_hint (SdStoreConnectDialog *self)
{
  return platform (self) == PLATFORM_TAOBAO
           ? _("The TOP router ShopDesk calls: https://eco.taobao.com/router/rest, or the sandbox’s.")
           : _("Your shop’s address: https://your-shop.myshopify.com.");
}

/* A group's message: a problem in the error style, or (NULL) the hint if it has one. */
static void
set_group_message (SdStoreConnectDialog *self,
                   Group                 group,
                   const char           *problem)
{
  GtkLabel *label = self->messages[group];

  if (problem == NULL && group == GROUP_STORE)
    sd_message_set_label (label, url_hint (self), FALSE);
  else
    sd_message_set_label (label, problem != NULL ? problem : "", problem != NULL);
  gtk_widget_set_visible (GTK_WIDGET (label), problem != NULL || group == GROUP_STORE);
}

/* Marks the fields in error that the person has reached, each group saying its first
 * problem; whether every field of the platform will do. */
static gboolean
check_form (SdStoreConnectDialog *self)
{
  const char *shown[N_GROUPS] = { NULL };
  gboolean valid = TRUE;

  for (Field field = 0; field < N_FIELDS; field++)
    {
      const char *problem = field_applies (self, field) ? field_problem (self, field) : NULL;
      gboolean show = problem != NULL && (self->touched[field] || self->submitted);

      valid &= problem == NULL;
      if (show)
        gtk_widget_add_css_class (GTK_WIDGET (self->rows[field]), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->rows[field]), "error");
      if (show && shown[fields[field].group] == NULL)
        shown[fields[field].group] = problem;
    }
  for (Group group = 0; group < N_GROUPS; group++)
    set_group_message (self, group, shown[group]);
  return valid;
}

static void
focus_first_problem (SdStoreConnectDialog *self)
{
  for (Field field = 0; field < N_FIELDS; field++)
    if (field_applies (self, field) && field_problem (self, field) != NULL)
      {
        gtk_widget_grab_focus (GTK_WIDGET (self->rows[field]));
        return;
      }
}

/* The form as settings; strings valid until the next call or a change of the form. */
static void
get_settings (SdStoreConnectDialog *self,
              SdStoreSettings      *settings)
{
  gboolean taobao = platform (self) == PLATFORM_TAOBAO;
  guint sign = adw_combo_row_get_selected (self->sign_method_row);

  g_free (self->url);
  g_free (self->app_key);
  g_free (self->api_version);
  self->url = field_text (self, FIELD_URL);
  self->app_key = field_text (self, FIELD_APP_KEY);
  self->api_version = field_text (self, FIELD_API_VERSION);

  memset (settings, 0, sizeof *settings);
  settings->platform = platform_ids[platform (self)];
  settings->url = self->url;
  if (taobao)
    {
      settings->app_key = self->app_key;
      /* Secrets as typed: a space may belong to one. */
      settings->app_secret = gtk_editable_get_text (GTK_EDITABLE (self->app_secret_row));
      settings->session_key = gtk_editable_get_text (GTK_EDITABLE (self->session_row));
      settings->sign_method = sign <= SD_TOP_SIGN_HMAC_SHA256 ? (SdTopSignMethod) sign : SD_TOP_SIGN_MD5;
    }
  else
    {
      settings->access_token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
      settings->api_version = *self->api_version != '\0' ? self->api_version : NULL;
    }
}

static void
set_field (SdStoreConnectDialog *self,
           Field                 field,
           const char           *text)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->rows[field]), text != NULL ? text : "");
  self->filling = FALSE;
}

/* ---- busy ---- */

static gboolean
busy (SdStoreConnectDialog *self)
{
  return self->cancellable != NULL;
}

static void
set_busy (SdStoreConnectDialog *self,
          GCancellable         *cancellable,
          GtkSpinner           *spinner)
{
  gboolean on = cancellable != NULL;

  g_set_object (&self->cancellable, cancellable);
  /* Focus leaves the fields before they turn insensitive (a text losing it that way keeps
   * blinking, GTK 4.8), for Cancel, which stays usable. */
  if (on)
    gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
  for (GtkWidget **w = (GtkWidget *[]) { GTK_WIDGET (self->store_group), GTK_WIDGET (self->taobao_group),
                                         GTK_WIDGET (self->shopify_group), GTK_WIDGET (self->test_button),
                                         GTK_WIDGET (self->connect_button), NULL };
       *w != NULL; w++)
    gtk_widget_set_sensitive (*w, !on);
  for (GtkSpinner **s = (GtkSpinner *[]) { self->test_spinner, self->connect_spinner, NULL }; *s != NULL; s++)
    {
      gboolean spin = on && *s == spinner;
      gtk_widget_set_visible (GTK_WIDGET (*s), spin);
      gtk_spinner_set_spinning (*s, spin);
    }
}

/* Starts a test or a connect, when the form will do; its cancellable, or NULL. */
static GCancellable *
begin (SdStoreConnectDialog *self,
       GtkSpinner           *spinner)
{
  g_autoptr(GCancellable) cancellable = NULL;

  if (busy (self))
    return NULL;
  self->submitted = TRUE;
  sd_message_show_in_group (self->message_group, self->message_label, NULL, FALSE);
  if (!check_form (self))
    {
      focus_first_problem (self);
      return NULL;
    }
  cancellable = g_cancellable_new ();
  self->generation++;
  set_busy (self, cancellable, spinner);
  return g_steal_pointer (&cancellable);
}

/* Whether the answer of the job started as GENERATION is still wanted: not cancelled, not
 * of a dialog gone. */
static gboolean
wanted (SdStoreConnectDialog *self,
        gpointer              generation)
{
  return GPOINTER_TO_UINT (generation) == self->generation && self->cancellable != NULL;
}

static const char *
platform_label (const char *id)
{
  return g_strcmp0 (id, "shopify") == 0 ? _("Shopify") : _("Taobao");
}

/* ---- callbacks ---- */

static gboolean
scroll_to_end_cb (gpointer data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (data, GTK_TYPE_SCROLLED_WINDOW);

  if (scrolled != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    }
  return G_SOURCE_REMOVE;
}

static void
show_test_result (SdStoreConnectDialog *self,
                  const char           *text,
                  gboolean              error)
{
  sd_message_set_label (self->test_result, text, error);
  gtk_widget_set_visible (GTK_WIDGET (self->test_result), text != NULL);
  /* The answer is the form's last line: in view, once laid out. */
  if (text != NULL)
    g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, g_object_ref (self->test_result), g_object_unref);
}

static void
field_changed_cb (SdStoreConnectDialog *self,
                  GtkEditable          *editable)
{
  if (self->filling)
    return;
  for (Field field = 0; field < N_FIELDS; field++)
    if (GTK_EDITABLE (self->rows[field]) == editable)
      self->touched[field] = TRUE;
  /* Another key: what the last test found is not about it. */
  show_test_result (self, NULL, FALSE);
  check_form (self);
}

static void
platform_changed_cb (SdStoreConnectDialog *self)
{
  gboolean taobao = platform (self) == PLATFORM_TAOBAO;
  g_autofree char *url = field_text (self, FIELD_URL);

  gtk_widget_set_visible (GTK_WIDGET (self->taobao_group), taobao);
  gtk_widget_set_visible (GTK_WIDGET (self->shopify_group), !taobao);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row),
                                 taobao ? _("Router Address") : _("Shop Address"));
  /* The official router fills in for Taobao; it means nothing to a Shopify shop. */
  if (taobao && *url == '\0')
    set_field (self, FIELD_URL, TAOBAO_ROUTER);
  else if (!taobao && g_strcmp0 (url, TAOBAO_ROUTER) == 0)
    set_field (self, FIELD_URL, "");
  self->touched[FIELD_URL] = FALSE;
  show_test_result (self, NULL, FALSE);
  check_form (self);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdStoreConnectDialog *self = SD_STORE_CONNECT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreSeller) seller = sd_store_jobs_test_finish (result, &error);
  g_autofree char *text = NULL;

  if (!wanted (self, user_data))
    return;
  set_busy (self, NULL, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->test_button));
  if (seller == NULL)
    {
      show_test_result (self, error->message, TRUE);
      return;
    }
  if (seller->seller_id != NULL && *seller->seller_id != '\0')
    /* TRANSLATORS: after a successful test: the seller's nick, the platform, the seller's id */
    text = g_strdup_printf (_("These keys belong to “%s” on %s (seller %s)."), seller->nick,
                            platform_label (seller->platform), seller->seller_id);
  else
    text = g_strdup_printf (_("These keys belong to “%s” on %s."), seller->nick, platform_label (seller->platform));
  show_test_result (self, text, FALSE);
}

static void
test_cb (SdStoreConnectDialog *self)
{
  g_autoptr(GCancellable) cancellable = begin (self, self->test_spinner);
  SdStoreSettings settings;

  if (cancellable == NULL)
    return;
  show_test_result (self, _("Asking the store…"), FALSE);
  get_settings (self, &settings);
  sd_store_jobs_test_async (self, &settings, cancellable, test_done_cb, GUINT_TO_POINTER (self->generation));
}

/* Where a refusal of the store belongs: the address when it could not be reached, the
 * keys when they were refused; anything else above the form. */
static void
show_connect_error (SdStoreConnectDialog *self,
                    const GError         *error)
{
  gboolean taobao = platform (self) == PLATFORM_TAOBAO;
  Group group = N_GROUPS;
  Field focus = FIELD_URL;

  if (g_error_matches (error, SD_ERROR, SD_ERROR_NETWORK) || g_error_matches (error, SD_ERROR, SD_ERROR_CORRUPT))
    group = GROUP_STORE;
  else if (g_error_matches (error, SD_ERROR, SD_ERROR_AUTH_FAILED))
    {
      group = taobao ? GROUP_TAOBAO : GROUP_SHOPIFY;
      focus = taobao ? FIELD_APP_SECRET : FIELD_TOKEN;
    }
  else if (g_error_matches (error, SD_ERROR, SD_ERROR_AUTH_EXPIRED))
    {
      group = taobao ? GROUP_TAOBAO : GROUP_SHOPIFY;
      focus = taobao ? FIELD_SESSION : FIELD_TOKEN;
    }
  if (group == N_GROUPS)
    {
      sd_message_show_in_group (self->message_group, self->message_label, error->message, TRUE);
      return;
    }
  set_group_message (self, group, error->message);
  gtk_widget_grab_focus (GTK_WIDGET (self->rows[focus]));
}

static void
connect_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SdStoreConnectDialog *self = SD_STORE_CONNECT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) status = sd_store_jobs_connect_finish (result, &error);

  if (!wanted (self, user_data))
    return;
  set_busy (self, NULL, NULL);
  if (status == NULL)
    {
      show_connect_error (self, error);
      return;
    }
  g_signal_emit (self, signals[CONNECTED], 0, status);
  gtk_window_close (GTK_WINDOW (self));
}

static void
connect_cb (SdStoreConnectDialog *self)
{
  g_autoptr(GCancellable) cancellable = begin (self, self->connect_spinner);
  SdStoreSettings settings;

  if (cancellable == NULL)
    return;
  get_settings (self, &settings);
  sd_store_jobs_connect_async (self, self->session, &settings, cancellable, connect_done_cb,
                               GUINT_TO_POINTER (self->generation));
}

/* ---- the object ---- */

static void
sd_store_connect_dialog_dispose (GObject *object)
{
  SdStoreConnectDialog *self = SD_STORE_CONNECT_DIALOG (object);

  /* A test or connect still running finds the dialog gone; a connect that reached the
   * shop stays done, as the page reads it again. */
  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_STORE_CONNECT_DIALOG);
  G_OBJECT_CLASS (sd_store_connect_dialog_parent_class)->dispose (object);
}

static void
sd_store_connect_dialog_finalize (GObject *object)
{
  SdStoreConnectDialog *self = SD_STORE_CONNECT_DIALOG (object);

  g_free (self->url);
  g_free (self->app_key);
  g_free (self->api_version);
  G_OBJECT_CLASS (sd_store_connect_dialog_parent_class)->finalize (object);
}

static void
sd_store_connect_dialog_class_init (SdStoreConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_store_connect_dialog_dispose;
  object_class->finalize = sd_store_connect_dialog_finalize;

  signals[CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shopdesk/ShopDesk/sd-store-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, api_version_row);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, app_key_row);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, app_secret_row);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, connect_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, message_group);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, platform_row);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, session_row);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, shopify_group);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, shopify_message);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, sign_method_row);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, store_group);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, taobao_group);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, taobao_message);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, test_button);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, test_result);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, url_message);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, SdStoreConnectDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, connect_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, platform_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_store_connect_dialog_init (SdStoreConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows[FIELD_URL] = self->url_row;
  self->rows[FIELD_APP_KEY] = self->app_key_row;
  self->rows[FIELD_APP_SECRET] = ADW_ENTRY_ROW (self->app_secret_row);
  self->rows[FIELD_SESSION] = ADW_ENTRY_ROW (self->session_row);
  self->rows[FIELD_TOKEN] = ADW_ENTRY_ROW (self->token_row);
  self->rows[FIELD_API_VERSION] = self->api_version_row;
  self->messages[GROUP_STORE] = self->url_message;
  self->messages[GROUP_TAOBAO] = self->taobao_message;
  self->messages[GROUP_SHOPIFY] = self->shopify_message;
  platform_changed_cb (self);
}

/* ---- public API ---- */

SdStoreConnectDialog *
sd_store_connect_dialog_new (GtkWindow           *parent,
                             SdSession           *session,
                             const SdStoreStatus *reconnect)
{
  SdStoreConnectDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_STORE_CONNECT_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  if (reconnect == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->app_key_row));
      return self;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Reconnect the Store"));
  adw_window_title_set_title (self->window_title, _("Reconnect the Store"));
  adw_window_title_set_subtitle (self->window_title, reconnect->seller_nick);
  adw_combo_row_set_selected (self->platform_row,
                              g_strcmp0 (reconnect->platform, "shopify") == 0 ? PLATFORM_SHOPIFY : PLATFORM_TAOBAO);
  set_field (self, FIELD_URL, reconnect->url);
  set_field (self, FIELD_APP_KEY, reconnect->app_key);
  if (reconnect->api_version != NULL && *reconnect->api_version != '\0')
    set_field (self, FIELD_API_VERSION, reconnect->api_version);
  adw_combo_row_set_selected (self->sign_method_row, reconnect->sign_method);
  check_form (self);
  gtk_widget_grab_focus (GTK_WIDGET (platform (self) == PLATFORM_TAOBAO ? self->rows[FIELD_APP_SECRET]
                                                                          : self->rows[FIELD_TOKEN]));
  return self;
}
