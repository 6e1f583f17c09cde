/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-customer-list"

#include <glib/gi18n.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "sd-customer-list.h"
#include "sd-customer-row.h"
#include "sd-customers.h"

#define PAGE_SIZE   50
#define KEPT_PAGES  64
/* The first rows read at once on the main thread while the worker lists the whole order:
 * more than a tall window shows, a whole number of pages. */
#define PREVIEW_SIZE (2 * PAGE_SIZE)
/* A refresh whose changed stretch of the list is longer than this, on both sides, replaces
 * the rows instead: a selection model would read every new row looking for its own. */
#define SPLICE_MAX  2000

struct _SdCustomerList
{
  GObject          parent_instance;

  SdSession       *session;        /* main thread: reads pages */
  guint            session_serial; /* which session that is: the worker's must be its */
  char            *db_path;
  SdCustomerQuery *query;
  GArray          *ids;            /* gint64, the list's order */
  guint            preview_len;    /* > 0: ids holds only the first rows until the worker's list */
  GHashTable      *pages;          /* page number → GPtrArray of SdCustomerRow */
  GQueue           page_order;     /* page numbers, most recently used first */
  guint            generation;
  GCancellable    *cancellable;
  gboolean         loading;
  gboolean         refresh_due;    /* the shop changed while a query was running */

  /* The worker's own connection, opened on first use, as the same account. */
  GMutex           worker_lock;
  SdSession       *worker_session;
  guint            worker_serial;
};

static void sd_customer_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdCustomerList, sd_customer_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sd_customer_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  LOADED,
  REPLACING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  SdCustomerList  *list;      /* strong: the worker reads its connection */
  SdSession       *session;   /* the account the worker acts as */
  guint            session_serial;
  SdCustomerQuery *query;
  char            *db_path;
  guint            generation;
  gboolean         in_place;   /* a refresh: the rows shown change only where they differ */
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_object_unref (job->list);
  g_object_unref (job->session);
  sd_customer_query_free (job->query);
  g_free (job->db_path);
  g_free (job);
}

static GType
sd_customer_list_get_item_type (GListModel *model)
{
  return SD_TYPE_CUSTOMER_ROW;
}

static guint
sd_customer_list_get_n_items (GListModel *model)
{
  SdCustomerList *self = SD_CUSTOMER_LIST (model);

  return self->ids ? self->ids->len : 0;
}

static void
drop_pages (SdCustomerList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);
}

static void
touch_page (SdCustomerList *self,
            guint           page)
{
  g_queue_remove (&self->page_order, GUINT_TO_POINTER (page));
  g_queue_push_head (&self->page_order, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->page_order) > KEPT_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->page_order));
}

static GPtrArray *
load_page (SdCustomerList *self,
           guint           page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  GPtrArray *rows;
  guint first = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - first);
  const gint64 *ids = &g_array_index (self->ids, gint64, first);

  /* 50 rows by primary key: well under a millisecond, so the view can have them now. */
  customers = sd_customers_get_many (self->session, ids, n, &error);
  if (customers == NULL)
    g_warning ("Could not read customers: %s", error->message);

  rows = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      SdCustomer *customer = customers ? g_ptr_array_index (customers, i) : NULL;
      if (customers)
        customers->pdata[i] = NULL;
      g_ptr_array_add (rows, sd_customer_row_new (ids[i], customer));
    }
  return rows;
}

static gpointer
sd_customer_list_get_item (GListModel *model,
                           guint       position)
{
  SdCustomerList *self = SD_CUSTOMER_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *rows;

  if (self->ids == NULL || position >= self->ids->len || self->session == NULL)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    {
      rows = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
    }
  touch_page (self, page);
  return g_object_ref (g_ptr_array_index (rows, position % PAGE_SIZE));
}

static void
sd_customer_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sd_customer_list_get_item_type;
  iface->get_n_items = sd_customer_list_get_n_items;
  iface->get_item = sd_customer_list_get_item;
}

static void
set_loading (SdCustomerList *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
list_ids_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ListJob *job = task_data;
  SdCustomerList *self = job->list;
  g_autoptr(GError) error = NULL;
  GArray *ids = NULL;

  g_mutex_lock (&self->worker_lock);
  /* Another shop or another account since: the connection kept is not this one's. */
  if (self->worker_session != NULL && self->worker_serial != job->session_serial)
    g_clear_object (&self->worker_session);
  if (self->worker_session == NULL && !g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(SdDb) db = sd_db_open (job->db_path, &error);
      if (db != NULL)
        sd_db_set_cache_size (db, 4);
      if (db != NULL)
        self->worker_session = sd_session_open_on (job->session, db, &error);
      self->worker_serial = job->session_serial;
    }
  if (self->worker_session != NULL)
    {
      gint64 start = g_get_monotonic_time ();
      ids = sd_customers_list_ids (self->worker_session, job->query, cancellable, &error);
      g_debug ("listed %u customers in %.1f ms", ids ? ids->len : 0,
               (g_get_monotonic_time () - start) / 1000.0);
    }
  g_mutex_unlock (&self->worker_lock);

  if (ids == NULL && error == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  if (ids != NULL)
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* Replaces what the list holds with NEW_IDS (taken), told apart: removed, then added. */
static void
replace_ids (SdCustomerList *self,
             GArray         *new_ids)
{
  guint removed = sd_customer_list_get_n_items (G_LIST_MODEL (self));
  guint added = new_ids ? new_ids->len : 0;

  /* Told both at once, GTK 4.8's list looks for the rows it was showing among all the new
   * ones, reading every one of them — seconds on a million customers — and the new rows
   * are other objects, so it never finds them. */
  g_clear_pointer (&self->ids, g_array_unref);
  drop_pages (self);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  self->ids = new_ids;
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* The first rows of the whole shop in the list's order, read here (a millisecond even on a
 * million customers), so that they show while the worker lists everyone (a few hundred
 * milliseconds there). A search or filter waits for its whole answer instead: its count,
 * shown beside the list, is the list's length. */
static void
show_preview (SdCustomerList *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  GArray *ids;

  if (sd_customer_query_is_narrowed (self->query) || (self->ids != NULL && self->preview_len == 0))
    return;
  first = sd_customers_find (self->session, self->query, NULL, PREVIEW_SIZE, &error);
  if (first == NULL)
    {
      g_debug ("no first rows ahead of the list: %s", error->message);
      return;
    }
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), first->len);
  for (guint i = 0; i < first->len; i++)
    g_array_append_val (ids, ((SdCustomer *) g_ptr_array_index (first, i))->id);
  replace_ids (self, ids);
  self->preview_len = ids->len;
}

/* The worker's whole list IDS begins with the first rows shown: the rest is added after
 * them, so the rows shown, their selection and the scroll stay. */
static gboolean
extend_preview (SdCustomerList *self,
                GArray         *ids)
{
  guint shown = self->preview_len;

  self->preview_len = 0;
  if (shown == 0 || self->ids == NULL || self->ids->len != shown || ids->len < shown ||
      memcmp (ids->data, self->ids->data, shown * sizeof (gint64)) != 0)
    return FALSE;
  /* A page cut short by the end of the first rows has more rows now. */
  if (shown % PAGE_SIZE != 0)
    {
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (shown / PAGE_SIZE));
      g_queue_remove (&self->page_order, GUINT_TO_POINTER (shown / PAGE_SIZE));
    }
  g_array_unref (self->ids);
  self->ids = g_array_ref (ids);
  if (ids->len > shown)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), shown, 0, ids->len - shown);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  return TRUE;
}

/* The page rows of the old list (OLD_PAGES) that are still at hand move to their new
 * positions, read again: a row that did not change stays the same object, so the view has
 * nothing to redraw; a changed one takes its new contents and is told changed, keeping its
 * selection (a selection model knows its rows by object). The positions of those changed. */
static GArray *
refresh_rows (SdCustomerList *self,
              GHashTable     *old_pages,
              guint           prefix,
              guint           old_end,    /* where the old list's unchanged tail starts */
              guint           new_end)
{
  GHashTableIter iter;
  gpointer key, value;
  GArray *changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) moved = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);

  /* Every kept row by its new position. */
  g_hash_table_iter_init (&iter, old_pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *rows = value;
      guint first = GPOINTER_TO_UINT (key) * PAGE_SIZE;

      for (guint i = 0; i < rows->len; i++)
        {
          guint old_position = first + i;
          guint position;

          if (old_position < prefix)
            position = old_position;
          else if (old_position >= old_end)
            position = old_position - old_end + new_end;
          else
            continue;
          g_hash_table_insert (moved, GUINT_TO_POINTER (position), g_object_ref (g_ptr_array_index (rows, i)));
        }
    }

  /* Read again a page at a time, the kept rows given their new contents. */
  g_hash_table_iter_init (&iter, moved);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint page = GPOINTER_TO_UINT (key) / PAGE_SIZE;
      GPtrArray *rows;

      if (g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
        continue;
      rows = load_page (self, page);
      for (guint i = 0; i < rows->len; i++)
        {
          guint position = page * PAGE_SIZE + i;
          SdCustomerRow *kept = g_hash_table_lookup (moved, GUINT_TO_POINTER (position));
          SdCustomerRow *fresh = g_ptr_array_index (rows, i);

          if (kept == NULL || sd_customer_row_get_id (kept) != sd_customer_row_get_id (fresh))
            continue;
          if (sd_customer_row_update (kept, sd_customer_row_steal_customer (fresh)))
            g_array_append_val (changed, position);
          g_ptr_array_index (rows, i) = g_object_ref (kept);
          g_object_unref (fresh);
        }
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
      touch_page (self, page);
    }
  return changed;
}

/* The same query listed again after the shop changed elsewhere: only the stretch of the
 * list that differs is replaced, and the rows read before are read again in place, so the
 * rows shown, their selection and the scroll stay. */
static void
refresh_in_place (SdCustomerList *self,
                  GArray         *ids)
{
  g_autoptr(GHashTable) old_pages = NULL;
  g_autoptr(GArray) changed = NULL;
  GArray *old = self->ids;
  guint n_old = old->len;
  guint n_new = ids->len;
  guint prefix = 0;
  guint suffix = 0;
  guint removed, added;

  while (prefix < MIN (n_old, n_new) &&
         g_array_index (old, gint64, prefix) == g_array_index (ids, gint64, prefix))
    prefix++;
  while (suffix < MIN (n_old, n_new) - prefix &&
         g_array_index (old, gint64, n_old - 1 - suffix) == g_array_index (ids, gint64, n_new - 1 - suffix))
    suffix++;
  removed = n_old - prefix - suffix;
  added = n_new - prefix - suffix;
  if (removed > SPLICE_MAX && added > SPLICE_MAX)
    {
      g_signal_emit (self, signals[REPLACING], 0);
      replace_ids (self, ids);
      return;
    }

  old_pages = g_steal_pointer (&self->pages);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_clear (&self->page_order);
  self->ids = ids;
  g_array_unref (old);
  /* Everything read before anything is told: the view may read rows as it hears. */
  changed = refresh_rows (self, old_pages, prefix, n_old - suffix, n_new - suffix);
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, added);
  for (guint i = 0; i < changed->len; i++)
    g_list_model_items_changed (G_LIST_MODEL (self), g_array_index (changed, guint, i), 1, 1);
  if (n_old != n_new)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
list_ids_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SdCustomerList *self = SD_CUSTOMER_LIST (source);
  ListJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer query is on its way: this one's answer is stale. */
  if (job->generation != self->generation)
    return;

  set_loading (self, FALSE);
  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[LOADED], 0, error);
      return;
    }

  if (job->in_place && self->preview_len == 0 && self->ids != NULL)
    refresh_in_place (self, g_steal_pointer (&ids));
  else if (!extend_preview (self, ids))
    {
      g_signal_emit (self, signals[REPLACING], 0);
      replace_ids (self, g_steal_pointer (&ids));
    }
#ifdef __GLIBC__
  /* The worker's arena keeps what listing a million ids and sorting them took; give it
   * back, or every search leaves the window tens of megabytes bigger. */
  malloc_trim (0);
#endif
  g_signal_emit (self, signals[LOADED], 0, NULL);
  /* What changed while the worker listed may have come after what it read. */
  if (self->refresh_due)
    sd_customer_list_refresh (self);
}

static void
start_query (SdCustomerList *self,
             gboolean        in_place)
{
  g_autoptr(GTask) task = NULL;
  ListJob *job;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;

  if (self->session == NULL || self->query == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  job = g_new0 (ListJob, 1);
  job->list = g_object_ref (self);
  job->session = g_object_ref (self->session);
  job->session_serial = self->session_serial;
  job->query = sd_customer_query_copy (self->query);
  job->db_path = g_strdup (self->db_path);
  job->generation = self->generation;
  job->in_place = in_place;

  task = g_task_new (self, self->cancellable, list_ids_done, NULL);
  g_task_set_source_tag (task, start_query);
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);
  /* The answer comes back even when cancelled, so the worker's cleanup always runs. */
  g_task_set_check_cancellable (task, FALSE);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, list_ids_thread);
  if (!in_place)
    show_preview (self);
}

static void
sd_customer_list_dispose (GObject *object)
{
  SdCustomerList *self = SD_CUSTOMER_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  drop_pages (self);
  G_OBJECT_CLASS (sd_customer_list_parent_class)->dispose (object);
}

static void
sd_customer_list_finalize (GObject *object)
{
  SdCustomerList *self = SD_CUSTOMER_LIST (object);

  g_clear_object (&self->worker_session);
  g_mutex_clear (&self->worker_lock);
  g_hash_table_unref (self->pages);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->query, sd_customer_query_free);
  g_free (self->db_path);
  G_OBJECT_CLASS (sd_customer_list_parent_class)->finalize (object);
}

static void
sd_customer_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SdCustomerList *self = SD_CUSTOMER_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, sd_customer_list_get_n_items (G_LIST_MODEL (self)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_customer_list_class_init (SdCustomerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_customer_list_dispose;
  object_class->finalize = sd_customer_list_finalize;
  object_class->get_property = sd_customer_list_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* Just before every row is replaced by a new query's: the moment to drop a selection.
   * A selection model that still holds selected rows reads every new row to find them
   * again (GtkMultiSelection does), which on a million customers takes seconds. */
  signals[REPLACING] = g_signal_new ("replacing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sd_customer_list_init (SdCustomerList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->page_order);
  g_mutex_init (&self->worker_lock);
}

SdCustomerList *
sd_customer_list_new (void)
{
  return g_object_new (SD_TYPE_CUSTOMER_LIST, NULL);
}

void
sd_customer_list_set_session (SdCustomerList *self,
                              SdSession      *session)
{
  g_return_if_fail (SD_IS_CUSTOMER_LIST (self));

  if (!g_set_object (&self->session, session))
    return;

  self->session_serial++;
  g_free (self->db_path);
  self->db_path = session ? g_strdup (sd_db_get_path (sd_session_get_db (session))) : NULL;
  self->preview_len = 0;
  replace_ids (self, NULL);
  start_query (self, FALSE);
}

void
sd_customer_list_set_query (SdCustomerList        *self,
                            const SdCustomerQuery *query)
{
  g_return_if_fail (SD_IS_CUSTOMER_LIST (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->query, sd_customer_query_free);
  self->query = sd_customer_query_copy (query);
  start_query (self, FALSE);
}

const SdCustomerQuery *
sd_customer_list_get_query (SdCustomerList *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMER_LIST (self), NULL);
  return self->query;
}

void
sd_customer_list_reload (SdCustomerList *self)
{
  g_return_if_fail (SD_IS_CUSTOMER_LIST (self));
  start_query (self, FALSE);
}

void
sd_customer_list_refresh (SdCustomerList *self)
{
  g_return_if_fail (SD_IS_CUSTOMER_LIST (self));
  /* After the query on its way, whose rows may be read before the change. */
  if (self->loading)
    {
      self->refresh_due = TRUE;
      return;
    }
  self->refresh_due = FALSE;
  start_query (self, TRUE);
}

gboolean
sd_customer_list_get_loading (SdCustomerList *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMER_LIST (self), FALSE);
  return self->loading;
}

void
sd_customer_list_refresh_customers (SdCustomerList *self,
                                    const gint64   *ids,
                                    guint           n_ids)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_return_if_fail (SD_IS_CUSTOMER_LIST (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  if (self->ids == NULL || n_ids == 0)
    return;
  for (guint i = 0; i < n_ids; i++)
    g_hash_table_add (wanted, (gpointer) &ids[i]);

  /* One pass over the list, however many customers changed. */
  for (guint position = 0; position < self->ids->len && g_hash_table_size (wanted) > 0; position++)
    {
      gint64 *id = &g_array_index (self->ids, gint64, position);
      guint page = position / PAGE_SIZE;

      if (!g_hash_table_remove (wanted, id))
        continue;
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page));
      g_queue_remove (&self->page_order, GUINT_TO_POINTER (page));
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
}

gint64
sd_customer_list_get_id (SdCustomerList *self,
                         guint           position)
{
  g_return_val_if_fail (SD_IS_CUSTOMER_LIST (self), 0);

  if (self->ids == NULL || position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}
