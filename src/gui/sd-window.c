/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-window"

#include <glib/gi18n.h>

#include "sd-chatlog-dialog.h"
#include "sd-agents-dialog.h"
#include "sd-customers-page.h"
#include "sd-export-dialog.h"
#include "sd-format.h"
#include "sd-import-wizard.h"
#include "sd-login-page.h"
#include "sd-message.h"
#include "sd-move-dialog.h"
#include "sd-password-dialog.h"
#include "sd-quick-replies-dialog.h"
#include "sd-reports-page.h"
#include "sd-rfm-page.h"
#include "sd-routing-rules-dialog.h"
#include "sd-audit-page.h"
#include "sd-campaigns-page.h"
#include "sd-cases-page.h"
#include "sd-change-watch.h"
#include "sd-conversations-page.h"
#include "sd-staff-page.h"
#include "sd-store-page.h"
#include "sd-segments-page.h"
#include "sd-shop.h"
#include "sd-staff.h"
#include "sd-tier-rules-group.h"
#include "sd-tiers-page.h"
#include "sd-values.h"
#include "sd-welcome-page.h"
#include "sd-team-dialog.h"
#include "sd-window.h"

/* A page of the shop's sidebar, and what the account needs to see it. */
typedef struct
{
  GtkListBoxRow *row;
  SdPermission   permission;     /* SD_PERMISSION_N: anyone logged in */
} SidebarPage;

/* What happens once the person agreed to stop the work in progress. */
typedef enum
{
  AFTER_STOP_CLOSE,
  AFTER_STOP_LOG_OUT,
  AFTER_STOP_SWITCH_USER,
} AfterStop;

struct _SdWindow
{
  AdwApplicationWindow  parent_instance;

  SdSettings           *settings;
  SdSession            *session;
  SdSession            *pending_session;   /* logged in, its password still to change */
  GArray               *pages;             /* SidebarPage */
  GPtrArray            *jobs;              /* GCancellable *, work that is running */
  gboolean              close_when_idle;
  SdChangeWatch        *change_watch;      /* what other desktops change in a team shop */
  GHashTable           *stale_pages;       /* names of pages to read again when shown */

  GtkMenuButton        *account_button;
  GtkLabel             *account_label;
  GtkStack             *content_stack;
  GtkLabel             *customers_count;
  SdCustomersPage      *customers_page;
  SdStaffPage          *staff_page;
  SdAuditPage          *audit_page;
  SdSegmentsPage       *segments_page;
  SdStorePage          *store_page;
  SdCampaignsPage      *campaigns_page;
  SdCasesPage          *cases_page;
  SdConversationsPage  *conversations_page;
  SdReportsPage        *reports_page;
  SdTiersPage          *tiers_page;
  SdTierRulesGroup     *tier_rules_group;
  SdRfmPage            *rfm_page;
  GtkListBoxRow        *customers_row;
  AdwLeaflet           *leaflet;
  SdLoginPage          *login_page;
  GtkStack             *main_stack;
  GtkLabel             *shop_title;
  GtkListBox           *sidebar_list;
  AdwToastOverlay      *toast_overlay;
  SdWelcomePage        *welcome_page;

  /* The account menu's header, built in code: a menu model cannot hold it. */
  AdwAvatar            *header_avatar;
  GtkLabel             *header_display_name;
  GtkLabel             *header_full_name;
  GtkLabel             *header_role;
};

G_DEFINE_FINAL_TYPE (SdWindow, sd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The remembered size, but never larger than the screen: a 1024×600 laptop gets a
 * window that fits. */
static void
set_default_size (SdWindow *self)
{
  int width = sd_settings_get_window_width (self->settings);
  int height = sd_settings_get_window_height (self->settings);
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr(GdkMonitor) monitor = g_list_model_get_n_items (monitors) > 0
                                  ? g_list_model_get_item (monitors, 0) : NULL;

  if (monitor != NULL)
    {
      GdkRectangle area;
      gdk_monitor_get_geometry (monitor, &area);
      width = MIN (width, area.width);
      height = MIN (height, area.height);
    }
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
}

static void
toast (SdWindow   *self,
       const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static gboolean
can (SdWindow     *self,
     SdPermission  permission)
{
  return self->session != NULL &&
         (permission == SD_PERMISSION_N || sd_session_can (self->session, permission));
}

/* Only the owner moves a shop, and only one still in a file. */
static gboolean
can_move_to_team (SdWindow *self)
{
  return self->session != NULL &&
         !sd_db_is_team_url (sd_db_get_path (sd_session_get_db (self->session))) &&
         sd_session_is_owner (self->session);
}

static void
update_actions (SdWindow *self)
{
  gboolean open = self->session != NULL;
  gboolean view = can (self, SD_PERMISSION_VIEW_CUSTOMERS);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                 can (self, SD_PERMISSION_IMPORT_CUSTOMERS));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-conversation",
                                 can (self, SD_PERMISSION_CONVERSATIONS_OWN));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-chatlog",
                                 can (self, SD_PERMISSION_CONVERSATIONS_ALL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 view && can (self, SD_PERMISSION_EXPORT_CUSTOMERS));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", view);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.move-to-team", can_move_to_team (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sidebar", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.change-password", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.switch-user", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.log-out", open);
  /* Reading is conversations.own; each dialog hides what only a manager may change. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.quick-replies", can (self, SD_PERMISSION_CONVERSATIONS_OWN));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.routing-rules", can (self, SD_PERMISSION_CONVERSATIONS_OWN));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.agents", can (self, SD_PERMISSION_CONVERSATIONS_OWN));
}

/* Rows of pages the account may not use are hidden; the page shown stays one it may. */
static void
update_sidebar (SdWindow *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->sidebar_list);
  GtkListBoxRow *first = NULL;
  gboolean selected_visible = FALSE;

  for (guint i = 0; i < self->pages->len; i++)
    {
      SidebarPage *page = &g_array_index (self->pages, SidebarPage, i);
      gboolean visible = can (self, page->permission);

      gtk_widget_set_visible (GTK_WIDGET (page->row), visible);
      if (visible && first == NULL)
        first = page->row;
      if (visible && page->row == selected)
        selected_visible = TRUE;
    }
  if (selected_visible)
    return;
  if (first == NULL)
    {
      gtk_list_box_unselect_all (self->sidebar_list);
      gtk_stack_set_visible_child_name (self->content_stack, "nothing");
      return;
    }
  gtk_list_box_select_row (self->sidebar_list, first);
  gtk_stack_set_visible_child_name (self->content_stack, gtk_widget_get_name (GTK_WIDGET (first)));
}

/* A new ladder, rule or recompute: the list's grade names and the customers' tiers. */
static void
tiers_changed_cb (SdWindow *self)
{
  sd_customers_page_reload_tiers (self->customers_page);
}

/* A case beside a chat, opened where cases are worked. */
static void
conversations_open_case_cb (SdWindow *self,
                            gint64    case_id)
{
  if (!can (self, SD_PERMISSION_HANDLE_CASES))
    return;
  sd_window_show_page (self, "cases");
  sd_cases_page_open_case (self->cases_page, case_id);
}

static void
response_target_changed_cb (SdWindow *self)
{
  sd_conversations_page_set_response_target (
    self->conversations_page, sd_settings_get_first_response_target (self->settings));
}

/* A conversation from anywhere in the window (a KPI's drill-down, a case): the
 * Conversations page shows it. */
static void
show_conversation_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (!can (self, SD_PERMISSION_CONVERSATIONS_OWN))
    return;
  sd_window_show_page (self, "conversations");
  sd_conversations_page_show_conversation (self->conversations_page,
                                           g_variant_get_int64 (parameter));
}

/* Each page reads with the session only while the account may use it. */
static void
update_page_sessions (SdWindow *self)
{
  SdSession *staff = can (self, SD_PERMISSION_MANAGE_STAFF) ? self->session : NULL;
  SdSession *audit = can (self, SD_PERMISSION_VIEW_AUDIT) ? self->session : NULL;

  sd_staff_page_set_session (self->staff_page, staff);
  sd_audit_page_set_session (self->audit_page, audit);
  sd_segments_page_set_session (self->segments_page, can (self, SD_PERMISSION_VIEW_CUSTOMERS) ? self->session : NULL);
  sd_tiers_page_set_session (self->tiers_page, can (self, SD_PERMISSION_VIEW_CUSTOMERS) ? self->session : NULL);
  sd_tier_rules_group_set_session (self->tier_rules_group,
                                   can (self, SD_PERMISSION_VIEW_CUSTOMERS) ? self->session : NULL);
  sd_rfm_page_set_session (self->rfm_page, can (self, SD_PERMISSION_VIEW_CUSTOMERS) ? self->session : NULL);
  sd_store_page_set_session (self->store_page, can (self, SD_PERMISSION_VIEW_CUSTOMERS) ? self->session : NULL);
  sd_campaigns_page_set_session (self->campaigns_page, can (self, SD_PERMISSION_COMPOSE_CAMPAIGNS) ? self->session : NULL);
  sd_cases_page_set_session (self->cases_page, can (self, SD_PERMISSION_HANDLE_CASES) ? self->session : NULL);
  sd_conversations_page_set_session (self->conversations_page,
                                     can (self, SD_PERMISSION_CONVERSATIONS_OWN) ? self->session : NULL);
  /* reports.all implies reports.own (sd-session.c): one permission opens the page. */
  sd_reports_page_set_session (self->reports_page, can (self, SD_PERMISSION_REPORTS_OWN) ? self->session : NULL);
}

/* The permissions are read again: the owner may have changed the role meanwhile. */
static void
update_permissions (SdWindow *self)
{
  update_actions (self);
  update_sidebar (self);
  /* A role that lost customers.view reads no more customers; one that gained it, does. */
  sd_customers_page_set_session (self->customers_page,
                                 can (self, SD_PERMISSION_VIEW_CUSTOMERS) ? self->session : NULL,
                                 self->settings);
  sd_customers_page_update_permissions (self->customers_page);
  update_page_sessions (self);
}

static char *
shop_display_name (SdWindow  *self,
                   SdSession *session)
{
  g_autofree char *name = sd_shop_get_name (session);

  if (name != NULL && *name != '\0')
    return g_steal_pointer (&name);
  return g_path_get_basename (sd_db_get_path (sd_session_get_db (session)));
}

/* A shop the CLI made under another locale keeps the default owner name in English. */
static const char *
account_display_name (SdSession *session)
{
  const char *name = sd_session_get_display_name (session);

  if (name == NULL || *name == '\0')
    name = sd_session_get_staff_name (session);
  return g_strcmp0 (name, "Shop owner") == 0 ? _("Shop owner") : name;
}

static void
update_shop_title (SdWindow *self)
{
  g_autofree char *name = NULL;

  if (self->session == NULL)
    return;
  name = shop_display_name (self, self->session);
  gtk_label_set_label (self->shop_title, name);
  gtk_window_set_title (GTK_WINDOW (self), name);
  sd_settings_set_shop_name (self->settings, sd_db_get_path (sd_session_get_db (self->session)),
                             name);
}

static void
update_account (SdWindow *self)
{
  SdSession *session = self->session;
  g_autoptr(SdStaffAccount) account = NULL;
  g_autofree char *tooltip = NULL;
  const char *display;

  if (session == NULL)
    return;
  display = account_display_name (session);
  /* One's own account is always readable: the role's name is there. */
  account = sd_staff_get (session, sd_session_get_staff_id (session), NULL);

  gtk_label_set_label (self->account_label, display);
  adw_avatar_set_text (self->header_avatar, display);
  gtk_label_set_label (self->header_display_name, display);
  gtk_label_set_label (self->header_full_name, sd_session_get_full_name (session));
  /* The owner's full name is the login: said once is enough. */
  gtk_widget_set_visible (GTK_WIDGET (self->header_full_name),
                          g_strcmp0 (sd_session_get_full_name (session), display) != 0);
  gtk_label_set_label (self->header_role, account && account->role_name ? account->role_name : "");
  gtk_widget_set_visible (GTK_WIDGET (self->header_role), account && account->role_name && *account->role_name);

  if (account != NULL && account->role_name != NULL && *account->role_name != '\0')
    /* TRANSLATORS: tooltip of the account menu: "王小明 (小米旗舰店:王小明), Pre-sales" */
    tooltip = g_strdup_printf (_("%s (%s), %s"), display, sd_session_get_full_name (session),
                               account->role_name);
  else
    tooltip = g_strdup_printf (_("%s (%s)"), display, sd_session_get_full_name (session));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->account_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->account_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
show_welcome (SdWindow *self)
{
  sd_login_page_clear (self->login_page);
  sd_welcome_page_reset (self->welcome_page);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  gtk_window_set_title (GTK_WINDOW (self), _("ShopDesk"));
}

/* The login page for the shop open on DB, LOGIN filled in (NULL: empty). */
static void
show_login (SdWindow   *self,
            SdDb       *db,
            const char *login)
{
  const char *path = sd_db_get_path (db);
  /* The shop's own name is readable before a login; a file never named keeps the one this
   * computer saw last. */
  g_autofree char *shop_name = sd_shop_read_name (db);

  if (shop_name == NULL || *shop_name == '\0')
    {
      g_free (shop_name);
      shop_name = sd_settings_dup_shop_name (self->settings, path);
    }

  sd_login_page_set_shop (self->login_page, db, shop_name, login);
  gtk_stack_set_visible_child_name (self->main_stack, "login");
  if (shop_name != NULL)
    gtk_window_set_title (GTK_WINDOW (self), shop_name);
  else
    gtk_window_set_title (GTK_WINDOW (self), _("ShopDesk"));
  sd_login_page_focus (self->login_page);
}

/* ---- changes made by other desktops ---- */

/* What each page shows, by the tables it is read from, and how it reads them again. */
typedef struct
{
  const char *page;
  const char *tables[8];
} PageTables;

static const PageTables page_tables[] = {
  { "customers", { "customers", "customer_tags", "customer_notes", "customer_standing", "orders",
                   "tier_grades", "sms_optouts", NULL } },
  { "tiers", { "tier_grades", "tier_rules", "customer_standing", NULL } },
  { "rfm", { "rfm_cuts", "customer_standing", NULL } },
  { "segments", { "segments", NULL } },
  { "campaigns", { "campaigns", "segments", NULL } },
  { "conversations", { "conversations", "conversation_messages", "conversation_events", "agent_status", NULL } },
  { "cases", { "cases", "case_events", "case_deadlines", "staff", NULL } },
  { "staff", { "staff", "roles", "role_permissions", "departments", NULL } },
  { "audit", { "audit_log", NULL } },
};

static void
refresh_page (SdWindow   *self,
              const char *page)
{
  g_hash_table_remove (self->stale_pages, page);
  if (g_str_equal (page, "customers"))
    sd_customers_page_refresh (self->customers_page);
  else if (g_str_equal (page, "tiers"))
    {
      sd_tiers_page_reload (self->tiers_page);
      sd_tier_rules_group_reload (self->tier_rules_group);
    }
  else if (g_str_equal (page, "rfm"))
    sd_rfm_page_reload (self->rfm_page);
  else if (g_str_equal (page, "segments"))
    sd_segments_page_reload (self->segments_page);
  else if (g_str_equal (page, "campaigns"))
    sd_campaigns_page_refresh (self->campaigns_page);
  else if (g_str_equal (page, "conversations"))
    sd_conversations_page_refresh (self->conversations_page);
  else if (g_str_equal (page, "cases"))
    sd_cases_page_reload (self->cases_page);
  else if (g_str_equal (page, "staff"))
    sd_staff_page_reload (self->staff_page);
  else if (g_str_equal (page, "audit"))
    sd_audit_page_reload (self->audit_page);
}

/* Another desktop (or this one) changed TABLES: the page shown reads them again now, the
 * others when they are shown next. The customer list and its count in the sidebar are
 * always in view. */
static void
shop_changed_cb (SdWindow *self,
                 GStrv     tables)
{
  const char *shown = gtk_stack_get_visible_child_name (self->content_stack);

  if (self->session == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (page_tables); i++)
    {
      const PageTables *entry = &page_tables[i];
      gboolean touched = FALSE;

      for (guint t = 0; entry->tables[t] != NULL && !touched; t++)
        touched = g_strv_contains ((const char *const *) tables, entry->tables[t]);
      if (!touched)
        continue;
      if (g_strcmp0 (entry->page, shown) == 0 || g_str_equal (entry->page, "customers"))
        refresh_page (self, entry->page);
      else
        g_hash_table_add (self->stale_pages, (gpointer) entry->page);
    }
  /* The owner may have changed this account's role, or what the role may do. */
  if (g_strv_contains ((const char *const *) tables, "staff") ||
      g_strv_contains ((const char *const *) tables, "roles") ||
      g_strv_contains ((const char *const *) tables, "role_permissions"))
    {
      update_account (self);
      update_permissions (self);
    }
}

/* A team shop's window hears what the other desktops change; a shop file's has nobody
 * else to hear. */
static void
watch_changes (SdWindow  *self,
               SdSession *session)
{
  const char *where = session ? sd_db_get_path (sd_session_get_db (session)) : NULL;

  g_hash_table_remove_all (self->stale_pages);
  if (self->change_watch != NULL)
    g_signal_handlers_disconnect_by_data (self->change_watch, self);
  g_clear_object (&self->change_watch);
  if (where == NULL || !sd_db_is_team_url (where))
    return;
  self->change_watch = sd_change_watch_new (where);
  g_signal_connect_swapped (self->change_watch, "changed", G_CALLBACK (shop_changed_cb), self);
}

static void
set_session (SdWindow  *self,
             SdSession *session)
{
  if (g_set_object (&self->session, session))
    {
      watch_changes (self, session);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
  else if (session == NULL)
    /* Logging out takes the session away before it comes here. */
    watch_changes (self, NULL);

  /* Without customers.view the page gets no session: it reads nothing. */
  sd_customers_page_set_session (self->customers_page,
                                 can (self, SD_PERMISSION_VIEW_CUSTOMERS) ? session : NULL,
                                 self->settings);
  update_actions (self);
  update_page_sessions (self);
  if (session == NULL)
    return;

  update_shop_title (self);
  update_account (self);
  gtk_stack_set_visible_child_name (self->main_stack, "shop");
  gtk_list_box_unselect_all (self->sidebar_list);
  update_sidebar (self);
  /* Folded on a narrow window, the page comes first, not the sidebar. */
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

/* Work going on, and dialogs over the window, belong to the account that is leaving. */
static void
stop_work (SdWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->jobs->len; i++)
    g_cancellable_cancel (g_ptr_array_index (self->jobs, i));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWindow *window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (window) == GTK_WINDOW (self))
        g_ptr_array_add (doomed, window);
      else
        g_object_unref (window);
    }
  for (guint i = 0; i < doomed->len; i++)
    gtk_window_destroy (g_ptr_array_index (doomed, i));
}

/* Ends the session (audited) and goes back to the shop's login page: the same account
 * filled in, or, to switch to another person, nobody. */
static void
log_out (SdWindow *self,
         gboolean  keep_name)
{
  g_autoptr(SdSession) session = g_steal_pointer (&self->session);
  g_autoptr(SdDb) db = NULL;
  g_autofree char *login = NULL;

  if (session == NULL)
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  stop_work (self);
  set_session (self, NULL);

  db = sd_db_ref (sd_session_get_db (session));
  login = g_strdup (sd_session_get_staff_name (session));
  sd_session_logout (session);
  show_login (self, db, keep_name ? login : NULL);
}

static void
forced_password_changed_cb (SdWindow *self)
{
  g_autoptr(SdSession) session = g_steal_pointer (&self->pending_session);

  if (session == NULL)
    return;
  sd_login_page_clear (self->login_page);
  set_session (self, session);
  toast (self, _("Password changed"));
}

static void
forced_log_out_cb (SdWindow *self)
{
  g_autoptr(SdSession) session = g_steal_pointer (&self->pending_session);
  g_autoptr(SdDb) db = NULL;
  g_autofree char *login = NULL;

  if (session == NULL)
    return;
  db = sd_db_ref (sd_session_get_db (session));
  login = g_strdup (sd_session_get_staff_name (session));
  sd_session_logout (session);
  show_login (self, db, login);
}

static void
login_logged_in_cb (SdWindow  *self,
                    SdSession *session)
{
  sd_window_start_session (self, session);
}

static void
welcome_session_ready_cb (SdWindow  *self,
                          SdSession *session)
{
  sd_window_start_session (self, session);
}

static void
leaflet_folded_cb (SdWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  sd_customers_page_set_folded (self->customers_page, folded);
  sd_staff_page_set_folded (self->staff_page, folded);
  sd_audit_page_set_folded (self->audit_page, folded);
  sd_segments_page_set_folded (self->segments_page, folded);
  sd_tiers_page_set_folded (self->tiers_page, folded);
  sd_rfm_page_set_folded (self->rfm_page, folded);
  sd_store_page_set_folded (self->store_page, folded);
  sd_campaigns_page_set_folded (self->campaigns_page, folded);
  sd_cases_page_set_folded (self->cases_page, folded);
  sd_conversations_page_set_folded (self->conversations_page, folded);
  sd_reports_page_set_folded (self->reports_page, folded);
}

/* The log grows with every action: it is read again each time it is shown. */
static void
content_page_changed_cb (SdWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->content_stack);

  if (g_strcmp0 (name, "audit") == 0 && can (self, SD_PERMISSION_VIEW_AUDIT))
    sd_audit_page_reload (self->audit_page);
  else if (name != NULL && g_hash_table_contains (self->stale_pages, name))
    refresh_page (self, name);
}

static void
staff_changed_cb (SdWindow *self)
{
  /* A change to roles may be a change to what this account may do. */
  if (self->session != NULL)
    {
      update_account (self);
      update_permissions (self);
    }
}

static void
sidebar_row_activated_cb (SdWindow      *self,
                          GtkListBoxRow *row)
{
  gtk_stack_set_visible_child_name (self->content_stack, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
customers_count_changed_cb (SdWindow *self)
{
  gint64 total = sd_customers_page_get_total (self->customers_page);
  g_autofree char *text = total >= 0 ? sd_format_count (total) : g_strdup ("");

  gtk_label_set_label (self->customers_count, text);
}

static void
active_changed_cb (SdWindow *self)
{
  /* Back at the window: what the owner changed in the role meanwhile counts now. */
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->session != NULL)
    update_permissions (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (can (self, SD_PERMISSION_IMPORT_CUSTOMERS))
    sd_import_wizard_present (self, NULL);
}

static void
import_chatlog_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (can (self, SD_PERMISSION_CONVERSATIONS_ALL))
    sd_chatlog_dialog_present (self, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (can (self, SD_PERMISSION_EXPORT_CUSTOMERS))
    sd_export_dialog_present (self, sd_customers_page_get_query (self->customers_page), NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (!can (self, SD_PERMISSION_VIEW_CUSTOMERS))
    return;
  gtk_list_box_select_row (self->sidebar_list, self->customers_row);
  gtk_stack_set_visible_child_name (self->content_stack, "customers");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  sd_customers_page_focus_search (self->customers_page);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
leave_for_welcome (SdWindow *self)
{
  if (self->session != NULL)
    {
      g_autoptr(SdSession) session = g_object_ref (self->session);
      stop_work (self);
      set_session (self, NULL);
      sd_session_logout (session);
    }
  sd_settings_set_last_database (self->settings, "");
  show_welcome (self);
}

static void
new_shop_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      SdWindow         *self)
{
  if (g_strcmp0 (response, "new-shop") != 0)
    return;
  /* Work may have started while the question was up. */
  if (self->jobs->len > 0)
    {
      toast (self, _("Wait for the work in progress to finish first."));
      return;
    }
  leave_for_welcome (self);
}

static void
new_shop_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (self->jobs->len > 0)
    {
      toast (self, _("Wait for the work in progress to finish first."));
      return;
    }
  if (self->session == NULL)
    {
      leave_for_welcome (self);
      return;
    }
  /* Signing out of the open shop is not what a stray key press should do. */
  sd_message_confirm (GTK_WINDOW (self), _("Close This Shop?"),
                      _("You will be signed out of this shop and can then create a new one or explore a demo shop. "
                        "Nothing is lost: Open Shop… in the main menu brings it back."),
                      "new-shop", _("_Close Shop"), G_CALLBACK (new_shop_response_cb), self);
}

/* Ctrl+N: a new one of what the page shown lists. The pages name their own actions. */
static const struct
{
  const char *page;
  const char *action;
} new_item_actions[] = {
  { "segments", "segments.new" },
  { "campaigns", "campaigns.new" },
  { "cases", "cases.new" },
  { "staff", "staff.add-account" },
};

static void
new_item_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);
  const char *shown = gtk_stack_get_visible_child_name (self->content_stack);

  if (self->session == NULL
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "shop") != 0
      || shown == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (new_item_actions); i++)
    if (g_str_equal (shown, new_item_actions[i].page))
      {
        /* A disabled action (no permission) does nothing. */
        gtk_widget_activate_action (gtk_stack_get_visible_child (self->content_stack),
                                    new_item_actions[i].action, NULL);
        return;
      }
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  SdWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      if (path != NULL)
        sd_window_open_shop (self, path);
    }
  g_object_unref (dialog);
}

static void show_opened (SdWindow *self,
                         SdDb     *db);

static void
team_started_cb (const char *url,
                 gpointer    user_data)
{
  g_autofree char *message = g_strdup_printf (_("Connecting to %s…"), url);

  toast (SD_WINDOW (user_data), message);
}

static void
team_connected_cb (SdDb     *db,
                   gpointer  user_data)
{
  SdWindow *self = SD_WINDOW (user_data);

  /* Opening another shop logs the account out: not under work that began meanwhile. */
  if (self->jobs->len > 0)
    {
      toast (self, _("Wait for the work in progress to finish first."));
      return;
    }
  show_opened (self, db);
}

static void
connect_team_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);
  const char *last = sd_settings_get_last_database (self->settings);

  if (self->jobs->len > 0)
    {
      toast (self, _("Wait for the work in progress to finish first."));
      return;
    }
  sd_team_dialog_present (GTK_WINDOW (self), sd_db_is_team_url (last) ? last : NULL,
                          team_started_cb, team_connected_cb, self);
}

static void
move_to_team_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (!can_move_to_team (self))
    return;
  /* The move holds the shop file still: not under work that is changing it. */
  if (self->jobs->len > 0)
    {
      toast (self, _("Wait for the work in progress to finish first."));
      return;
    }
  sd_move_dialog_present (self, team_started_cb, team_connected_cb, self);
}

static void
open_shop_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) shops = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "shopdesk", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);

  if (self->jobs->len > 0)
    {
      toast (self, _("Wait for the work in progress to finish first."));
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Open Shop"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (shops, _("Shop databases"));
  gtk_file_filter_add_pattern (shops, "*.db");
  gtk_file_filter_add_pattern (shops, "*.sqlite");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), shops);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
stop_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  SdWindow         *self)
{
  AfterStop after = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "after-stop"));

  if (g_strcmp0 (response, "stop") != 0)
    return;

  switch (after)
    {
    case AFTER_STOP_CLOSE:
      /* The import stops at the end of its current batch and rolls back the rest of it;
       * the window goes once it has. */
      self->close_when_idle = TRUE;
      for (guint i = 0; i < self->jobs->len; i++)
        g_cancellable_cancel (g_ptr_array_index (self->jobs, i));
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      break;
    case AFTER_STOP_LOG_OUT:
    case AFTER_STOP_SWITCH_USER:
      /* The work stops the same way; the account leaves at once. */
      log_out (self, after == AFTER_STOP_LOG_OUT);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* With work in progress, asks before it is stopped; FALSE when there is none to ask about. */
static gboolean
ask_to_stop_work (SdWindow  *self,
                  AfterStop  after)
{
  static const struct
  {
    const char *heading;
    const char *stop;
  } texts[] = {
    [AFTER_STOP_CLOSE] = { N_("Stop and Close?"), N_("_Stop and Close") },
    [AFTER_STOP_LOG_OUT] = { N_("Stop and Log Out?"), N_("_Stop and Log Out") },
    [AFTER_STOP_SWITCH_USER] = { N_("Stop and Switch User?"), N_("_Stop and Switch") },
  };
  AdwMessageDialog *dialog;

  if (self->jobs->len == 0)
    return FALSE;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _(texts[after].heading),
      _("ShopDesk is still working (an import, an export, a store sync, a campaign send or a "
        "demo shop). If you stop it now, an import keeps the rows done so far, and importing "
        "the same file again later completes it without doubles; a sync keeps every window of "
        "orders it finished and the next sync goes on from there; a campaign keeps every "
        "message sent and sends the rest, each once, when you resume it; an export leaves no "
        "half-written file.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Keep Working"),
                                    "stop", _(texts[after].stop), NULL);
  adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "after-stop", GINT_TO_POINTER (after));
  g_signal_connect (dialog, "response", G_CALLBACK (stop_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
password_changed_cb (SdWindow *self)
{
  toast (self, _("Password changed"));
}

static void
change_password_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);
  SdPasswordDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = sd_password_dialog_new (GTK_WINDOW (self), self->session, FALSE);
  g_signal_connect_object (dialog, "password-changed", G_CALLBACK (password_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
switch_user_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (!ask_to_stop_work (self, AFTER_STOP_SWITCH_USER))
    log_out (self, FALSE);
}

static void
log_out_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (!ask_to_stop_work (self, AFTER_STOP_LOG_OUT))
    log_out (self, TRUE);
}

/* The chat administration dialogs: win.quick-replies, win.routing-rules, win.agents. */
static void
chat_admin_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);
  GtkWidget *dialog;

  if (self->session == NULL)
    return;
  if (g_str_equal (action_name, "win.quick-replies"))
    dialog = sd_quick_replies_dialog_new (GTK_WINDOW (self), self->session);
  else if (g_str_equal (action_name, "win.routing-rules"))
    dialog = sd_routing_rules_dialog_new (GTK_WINDOW (self), self->session);
  else
    dialog = sd_agents_dialog_new (GTK_WINDOW (self), self->session);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
sd_window_close_request (GtkWindow *window)
{
  SdWindow *self = SD_WINDOW (window);

  if (self->jobs->len > 0 && !self->close_when_idle)
    {
      ask_to_stop_work (self, AFTER_STOP_CLOSE);
      return TRUE;
    }
  if (self->jobs->len > 0)
    return TRUE;

  sd_settings_set_window_state (self->settings,
                                gtk_widget_get_width (GTK_WIDGET (self)),
                                gtk_widget_get_height (GTK_WIDGET (self)),
                                gtk_window_is_maximized (window));
  /* Closing ends the session, as logging out does (audited). */
  if (self->session != NULL)
    sd_session_logout (self->session);
  if (self->pending_session != NULL)
    sd_session_logout (self->pending_session);
  return GTK_WINDOW_CLASS (sd_window_parent_class)->close_request (window);
}

static GtkWidget *
account_header_new (SdWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *avatar = adw_avatar_new (40, NULL, TRUE);
  GtkWidget *display = gtk_label_new (NULL);
  GtkWidget *full = gtk_label_new (NULL);
  GtkWidget *role = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (display, "heading");
  gtk_widget_add_css_class (full, "caption");
  gtk_widget_add_css_class (full, "dim-label");
  gtk_widget_add_css_class (role, "caption");
  gtk_widget_add_css_class (role, "dim-label");
  for (GtkWidget **l = (GtkWidget *[]) { display, full, role, NULL }; *l != NULL; l++)
    {
      gtk_label_set_xalign (GTK_LABEL (*l), 0);
      gtk_label_set_ellipsize (GTK_LABEL (*l), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (*l), 24);
      gtk_box_append (GTK_BOX (labels), *l);
    }
  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), labels);

  self->header_avatar = ADW_AVATAR (avatar);
  self->header_display_name = GTK_LABEL (display);
  self->header_full_name = GTK_LABEL (full);
  self->header_role = GTK_LABEL (role);
  return box;
}

static void
sd_window_dispose (GObject *object)
{
  SdWindow *self = SD_WINDOW (object);

  if (self->change_watch != NULL)
    g_signal_handlers_disconnect_by_data (self->change_watch, self);
  g_clear_object (&self->change_watch);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->pending_session);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sd_window_parent_class)->dispose (object);
}

static void
sd_window_finalize (GObject *object)
{
  SdWindow *self = SD_WINDOW (object);

  g_ptr_array_unref (self->jobs);
  g_array_unref (self->pages);
  g_hash_table_unref (self->stale_pages);
  G_OBJECT_CLASS (sd_window_parent_class)->finalize (object);
}

static void
sd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SdWindow *self = SD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_window_class_init (SdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sd_window_dispose;
  object_class->finalize = sd_window_finalize;
  object_class->get_property = sd_window_get_property;
  window_class->close_request = sd_window_close_request;

  /**
   * SdWindow:session:
   *
   * The account logged in, or %NULL (the welcome or login page). Pages of the sidebar
   * follow it.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SD_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SD_TYPE_CUSTOMERS_PAGE);
  g_type_ensure (SD_TYPE_LOGIN_PAGE);
  g_type_ensure (SD_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SdWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, account_label);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, customers_count);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, customers_page);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, customers_row);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, login_page);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, shop_title);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, welcome_page);
  gtk_widget_class_bind_template_callback (widget_class, customers_count_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_logged_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, welcome_session_ready_cb);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-chatlog", NULL, import_chatlog_action);
  gtk_widget_class_install_action (widget_class, "win.show-conversation", "x", show_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.new-shop", NULL, new_shop_action);
  gtk_widget_class_install_action (widget_class, "win.new-item", NULL, new_item_action);
  gtk_widget_class_install_action (widget_class, "win.open-shop", NULL, open_shop_action);
  gtk_widget_class_install_action (widget_class, "win.connect-team", NULL, connect_team_action);
  gtk_widget_class_install_action (widget_class, "win.move-to-team", NULL, move_to_team_action);
  gtk_widget_class_install_action (widget_class, "win.change-password", NULL, change_password_action);
  gtk_widget_class_install_action (widget_class, "win.switch-user", NULL, switch_user_action);
  gtk_widget_class_install_action (widget_class, "win.log-out", NULL, log_out_action);
  gtk_widget_class_install_action (widget_class, "win.quick-replies", NULL, chat_admin_action);
  gtk_widget_class_install_action (widget_class, "win.routing-rules", NULL, chat_admin_action);
  gtk_widget_class_install_action (widget_class, "win.agents", NULL, chat_admin_action);
}

static void
sd_window_init (SdWindow *self)
{
  GtkPopover *popover;
  SidebarPage customers;

  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->pages = g_array_new (FALSE, FALSE, sizeof (SidebarPage));
  self->stale_pages = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_widget_init_template (GTK_WIDGET (self));

  popover = gtk_menu_button_get_popover (self->account_button);
  gtk_popover_menu_add_child (GTK_POPOVER_MENU (popover), account_header_new (self),
                              "account-header");

  customers.row = self->customers_row;
  customers.permission = SD_PERMISSION_VIEW_CUSTOMERS;
  g_array_append_val (self->pages, customers);

  /* The sidebar in the order of the shop's work: customers, how they are ranked and
   * grouped, then administration. */
  self->tiers_page = SD_TIERS_PAGE (sd_tiers_page_new ());
  self->tier_rules_group = SD_TIER_RULES_GROUP (sd_tier_rules_group_new ());
  sd_tiers_page_add_group (self->tiers_page, GTK_WIDGET (self->tier_rules_group));
  self->rfm_page = SD_RFM_PAGE (sd_rfm_page_new ());
  self->segments_page = SD_SEGMENTS_PAGE (sd_segments_page_new ());
  self->store_page = SD_STORE_PAGE (sd_store_page_new ());
  self->staff_page = SD_STAFF_PAGE (sd_staff_page_new ());
  self->audit_page = SD_AUDIT_PAGE (sd_audit_page_new ());
  sd_window_add_page (self, "tiers", _("Tiers"), "starred-symbolic", GTK_WIDGET (self->tiers_page),
                      SD_PERMISSION_VIEW_CUSTOMERS);
  sd_window_add_page (self, "rfm", _("RFM"), "view-grid-symbolic", GTK_WIDGET (self->rfm_page),
                      SD_PERMISSION_VIEW_CUSTOMERS);
  sd_window_add_page (self, "segments", _("Segments"), "funnel-symbolic",
                      GTK_WIDGET (self->segments_page), SD_PERMISSION_VIEW_CUSTOMERS);
  sd_window_add_page (self, "store", _("Store"), "network-transmit-receive-symbolic", GTK_WIDGET (self->store_page), SD_PERMISSION_VIEW_CUSTOMERS);
  self->campaigns_page = SD_CAMPAIGNS_PAGE (sd_campaigns_page_new ());
  sd_window_add_page (self, "campaigns", _("Campaigns"), "mail-send-symbolic", GTK_WIDGET (self->campaigns_page), SD_PERMISSION_COMPOSE_CAMPAIGNS);
  self->conversations_page = SD_CONVERSATIONS_PAGE (sd_conversations_page_new ());
  sd_window_add_page (self, "conversations", _("Conversations"), "chat-message-new-symbolic",
                      GTK_WIDGET (self->conversations_page), SD_PERMISSION_CONVERSATIONS_OWN);
  g_signal_connect_object (self->conversations_page, "open-case", G_CALLBACK (conversations_open_case_cb), self,
                           G_CONNECT_SWAPPED);
  self->cases_page = SD_CASES_PAGE (sd_cases_page_new ());
  sd_window_add_page (self, "cases", _("Cases"), "task-due-symbolic", GTK_WIDGET (self->cases_page),
                      SD_PERMISSION_HANDLE_CASES);
  self->reports_page = SD_REPORTS_PAGE (sd_reports_page_new ());
  sd_window_add_page (self, "reports", _("Reports"), "x-office-presentation-symbolic",
                      GTK_WIDGET (self->reports_page), SD_PERMISSION_REPORTS_OWN);
  sd_window_add_page (self, "staff", _("Staff"), "avatar-default-symbolic",
                      GTK_WIDGET (self->staff_page), SD_PERMISSION_MANAGE_STAFF);
  sd_window_add_page (self, "audit", _("Audit Log"), "security-high-symbolic",
                      GTK_WIDGET (self->audit_page), SD_PERMISSION_VIEW_AUDIT);
  g_signal_connect_object (self->tiers_page, "tiers-changed", G_CALLBACK (tiers_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tier_rules_group, "changed", G_CALLBACK (tiers_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->staff_page, "changed", G_CALLBACK (staff_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->content_stack, "notify::visible-child-name",
                           G_CALLBACK (content_page_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);
  sd_import_wizard_install_drop_target (self);
  update_actions (self);
}

SdWindow *
sd_window_new (SdApplication *app,
               SdSettings    *settings)
{
  SdWindow *self;

  g_return_val_if_fail (SD_IS_SETTINGS (settings), NULL);

  self = g_object_new (SD_TYPE_WINDOW, "application", app, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "notify::first-response-target",
                           G_CALLBACK (response_target_changed_cb), self, G_CONNECT_SWAPPED);
  response_target_changed_cb (self);
  sd_welcome_page_set_window (self->welcome_page, self);
  set_default_size (self);
  if (sd_settings_get_window_maximized (settings))
    gtk_window_maximize (GTK_WINDOW (self));
  show_welcome (self);
  return self;
}

gboolean
sd_window_open_shop (SdWindow   *self,
                     const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = NULL;

  g_return_val_if_fail (SD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* The shop already open and logged in to: nothing to do. */
  if (self->session != NULL)
    {
      const char *open_now = sd_db_get_path (sd_session_get_db (self->session));
      /* A team database's address is not a file name: compared as written. */
      gboolean team = sd_db_is_team_url (path) || sd_db_is_team_url (open_now);
      g_autofree char *wanted = team ? g_strdup (path) : g_canonicalize_filename (path, NULL);
      g_autofree char *current = team ? g_strdup (open_now) : g_canonicalize_filename (open_now, NULL);
      if (g_strcmp0 (wanted, current) == 0)
        return TRUE;
    }
  /* Opening another shop logs the account out: not under work that is running. */
  if (self->jobs->len > 0)
    {
      toast (self, _("Wait for the work in progress to finish first."));
      return FALSE;
    }

  db = sd_db_open (path, &error);
  if (db == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the shop: %s"), error->message);
      toast (self, message);
      if (self->session == NULL &&
          g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "login") != 0)
        show_welcome (self);
      return FALSE;
    }
  show_opened (self, db);
  return TRUE;
}

/* DB, just opened: whoever was logged in to another shop leaves, and its login page shows. */
static void
show_opened (SdWindow *self,
             SdDb     *db)
{
  g_autofree char *login = NULL;

  sd_db_set_cache_size (db, 2);

  /* Another shop: whoever was logged in leaves first. */
  if (self->session != NULL)
    {
      g_autoptr(SdSession) session = g_object_ref (self->session);
      stop_work (self);
      set_session (self, NULL);
      sd_session_logout (session);
    }
  sd_settings_set_last_database (self->settings, sd_db_get_path (db));
  login = sd_settings_dup_last_user (self->settings, sd_db_get_path (db));
  show_login (self, db, login);
}

void
sd_window_open_last_shop (SdWindow *self)
{
  const char *last;

  g_return_if_fail (SD_IS_WINDOW (self));

  last = sd_settings_get_last_database (self->settings);
  if (self->session != NULL)
    return;
  if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    sd_window_open_shop (self, last);
  else if (sd_db_is_team_url (last))
    {
      /* A team database may want its password again: asked, the address filled in. */
      show_welcome (self);
      sd_team_dialog_present (GTK_WINDOW (self), last, team_started_cb, team_connected_cb, self);
    }
  else
    show_welcome (self);
}

void
sd_window_start_session (SdWindow  *self,
                         SdSession *session)
{
  const char *path;
  SdPasswordDialog *dialog;

  g_return_if_fail (SD_IS_WINDOW (self));
  g_return_if_fail (SD_IS_SESSION (session));

  path = sd_db_get_path (sd_session_get_db (session));
  sd_db_set_cache_size (sd_session_get_db (session), 2);
  sd_settings_set_last_database (self->settings, path);
  sd_settings_set_last_user (self->settings, path, sd_session_get_staff_name (session));

  if (!sd_session_must_change_password (session))
    {
      sd_login_page_clear (self->login_page);
      set_session (self, session);
      return;
    }

  /* After a reset by the owner: a password of one's own first, or nothing at all. */
  g_set_object (&self->pending_session, session);
  dialog = sd_password_dialog_new (GTK_WINDOW (self), session, TRUE);
  g_signal_connect_object (dialog, "password-changed", G_CALLBACK (forced_password_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "log-out", G_CALLBACK (forced_log_out_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

SdSession *
sd_window_get_session (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);
  return self->session;
}

SdSettings *
sd_window_get_settings (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);
  return self->settings;
}

void
sd_window_add_toast (SdWindow *self,
                     AdwToast *toast_)
{
  g_return_if_fail (SD_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast_);
}

void
sd_window_begin_job (SdWindow     *self,
                     GCancellable *cancellable)
{
  g_return_if_fail (SD_IS_WINDOW (self));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  g_ptr_array_add (self->jobs, g_object_ref (cancellable));
}

void
sd_window_end_job (SdWindow     *self,
                   GCancellable *cancellable)
{
  g_return_if_fail (SD_IS_WINDOW (self));

  g_ptr_array_remove (self->jobs, cancellable);
  if (self->jobs->len == 0 && self->close_when_idle)
    gtk_window_destroy (GTK_WINDOW (self));
}

GtkWidget *
sd_window_get_customers_page (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->customers_page);
}

SdChangeWatch *
sd_window_get_change_watch (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);
  return self->change_watch;
}

void
sd_window_shop_changed (SdWindow *self)
{
  g_return_if_fail (SD_IS_WINDOW (self));
  update_shop_title (self);
  sd_customers_page_reload (self->customers_page);
}

/* ---- the sidebar's pages ---- */

void
sd_window_add_page (SdWindow     *self,
                    const char   *name,
                    const char   *title,
                    const char   *icon_name,
                    GtkWidget    *page,
                    SdPermission  permission)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;
  SidebarPage entry;

  g_return_if_fail (SD_IS_WINDOW (self));
  g_return_if_fail (name != NULL && title != NULL);
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (permission <= SD_PERMISSION_N);
  g_return_if_fail (gtk_stack_get_child_by_name (self->content_stack, name) == NULL);

  row = gtk_list_box_row_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new (title);
  gtk_widget_set_name (row, name);
  if (icon_name != NULL)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (self->sidebar_list, row);
  gtk_stack_add_named (self->content_stack, page, name);

  entry.row = GTK_LIST_BOX_ROW (row);
  entry.permission = permission;
  g_array_append_val (self->pages, entry);
  update_sidebar (self);
}

void
sd_window_show_page (SdWindow   *self,
                     const char *name)
{
  g_return_if_fail (SD_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  for (guint i = 0; i < self->pages->len; i++)
    {
      SidebarPage *page = &g_array_index (self->pages, SidebarPage, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (page->row)), name) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (page->row)))
        {
          gtk_list_box_select_row (self->sidebar_list, page->row);
          gtk_stack_set_visible_child_name (self->content_stack, name);
          adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
          return;
        }
    }
}

void
sd_window_show_customers (SdWindow    *self,
                          SdCondition *condition,
                          GArray      *ids,
                          const char  *label)
{
  g_return_if_fail (SD_IS_WINDOW (self));

  if (!can (self, SD_PERMISSION_VIEW_CUSTOMERS))
    return;
  sd_customers_page_show_subset (self->customers_page, condition, ids, label);
  gtk_list_box_select_row (self->sidebar_list, self->customers_row);
  gtk_stack_set_visible_child_name (self->content_stack, "customers");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

void
sd_window_compose_campaign (SdWindow *self,
                            GArray   *customer_ids)
{
  g_return_if_fail (SD_IS_WINDOW (self));
  g_return_if_fail (customer_ids != NULL);

  if (!can (self, SD_PERMISSION_COMPOSE_CAMPAIGNS))
    return;
  sd_window_show_page (self, "campaigns");
  sd_campaigns_page_compose (self->campaigns_page, customer_ids);
}
