/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-customers"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-data.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-demo.h"
#include "sd-import.h"
#include "sd-pg-private.h"
#include "sd-session.h"

/*
 * bench-customers [--scale N:M]… [--queries Q] [--pages P] [--tmpdir DIR] [--keep]
 *                 [--no-pg] [--pg-up-to N] [--pg-queries Q]
 *
 * The customer-database benchmark of the product issue, for each scale (N customers,
 * M orders; default 100000:500000), in a temporary directory deleted afterwards:
 *
 *  1. bench_data_write(): customers.csv, customers-gb18030.csv, orders.csv.
 *  2. Reference: the sqlite3 shell's `.mode csv` + `.import` of each file into a bare table
 *     of a new database (GB18030 through `.import '|iconv -f GB18030 -t UTF-8 FILE'`).
 *  3. Ours: sd_import_file() of customers.csv into a new shop, of the GB18030 file into
 *     another, then of orders.csv into the first; each in a child process (this program,
 *     run again with --child-import) so that wall time and peak RSS (wait4) are the
 *     import's own.
 *  4. Search: first page of 50 and count, for queries of every kind drawn from the data.
 *  5. Paging: a page of 50 after the keyset cursor of a random customer (a random depth),
 *     also of customers without orders (inside the large groups of equal values), and the
 *     first page; every sort key, ascending and descending.
 *  6. Aggregates: sd_customers_rebuild_aggregates() on the loaded shop; and the part of the
 *     orders import after its last row (indexes, de-duplication and the full aggregate
 *     rebuild), an upper bound for a full rebuild.
 *  7. Open: a new process opens the shop, counts and reads the first page (once with the
 *     database file evicted from the page cache, then warm).
 *
 *  8. The same on PostgreSQL (team mode), unless --no-pg: a database of its own on a server
 *     this program starts with tools/pg-test-server.sh and stops at the end (or on the one
 *     $SHOPDESK_TEST_PG names), where customers.csv, then orders.csv, are imported the same
 *     way, then searched, paged, their aggregates rebuilt, and the shop opened (warm: the
 *     server keeps its own cache), at the scales of up to --pg-up-to customers (default
 *     100000), with the first --pg-queries (default 20) queries of each kind: a search the
 *     trigram indexes cannot serve reads every customer there. Without a PostgreSQL server
 *     installed it says so and goes on with SQLite's figures only.
 *
 * Prints a table per scale (figure, target, ratio, PASS/FAIL), one of PostgreSQL's figures
 * beside SQLite's (and their ratio), and one of growth between scales. Exit status 0
 * whether targets pass or not; 1 when something could not run.
 */

#define PAGE_ROWS      50
#define WARM_OPENS     5
#define IMPORT_RATIO   3.0
#define SEARCH_MS      20.0
#define PAGE_MS        2.0
#define AGGREGATES_S   3.0
#define OPEN_MS        50.0
#define IMPORT_MB      200.0

typedef enum
{
  TARGET_NONE,
  TARGET_REF,      /* value ≤ IMPORT_RATIO × ref */
  TARGET_BELOW,    /* value < limit */
} TargetKind;

typedef struct
{
  char       *label;
  double      value;
  const char *unit;
  TargetKind  kind;
  double      ref;     /* TARGET_REF */
  double      limit;   /* TARGET_BELOW */
  double      cpu;     /* the same percentile of this thread's CPU time, or NAN */
} Figure;

typedef struct
{
  guint   n_customers;
  guint   n_orders;
  GArray *figures;     /* Figure */
  GArray *pg_figures;  /* Figure: the same measured on PostgreSQL; empty without it */
} ScaleResult;

typedef struct
{
  gint64  wall_us;
  gint64  maxrss_kb;
  gint64  cpu_us;      /* user + system */
  char   *out;
} ChildRun;

typedef enum
{
  KIND_CJK1,
  KIND_CJK2,
  KIND_CJK3,
  KIND_PHONE4,
  KIND_PHONE7,
  KIND_NICK,
  KIND_ADDRESS,
  KIND_NOTE,
  N_KINDS
} QueryKind;

static const char * const kind_labels[N_KINDS] = {
  [KIND_CJK1] = "name, 1 CJK char (surname)",
  [KIND_CJK2] = "name, 2 CJK chars",
  [KIND_CJK3] = "name, 3+ CJK chars",
  [KIND_PHONE4] = "phone, last 4 digits",
  [KIND_PHONE7] = "phone, 7 middle digits",
  [KIND_NICK] = "nick fragment",
  [KIND_ADDRESS] = "address word (city/district/street)",
  [KIND_NOTE] = "note word",
};

static guint64 opt_seed = BENCH_DEFAULT_SEED;
static int opt_queries = 200;
static int opt_pages = 32;
static gboolean opt_keep = FALSE;
static char *opt_tmpdir = NULL;
static gboolean opt_no_pg = FALSE;
static gint64 opt_pg_up_to = 100000;
static int opt_pg_queries = 20;
static char *self_exe = NULL;
static char *pg_base = NULL;     /* the PostgreSQL server's URL, or NULL */
static char *pg_dir = NULL;      /* the server this run started, or NULL */
static char *pg_why = NULL;      /* why there is no PostgreSQL run */

/* ---- small helpers ---- */

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* CPU time of this thread: unlike the wall time, not stretched when other processes take
 * the cores (the machine is shared). */
static gint64
cpu_now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static double
cpu_ms_since (gint64 start)
{
  return (cpu_now_us () - start) / 1000.0;
}

static void
set_last_cpu (GArray *figures,
              double  cpu)
{
  g_array_index (figures, Figure, figures->len - 1).cpu = cpu;
}

static char *
load_average (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  parts = g_strsplit (text, " ", 4);
  return g_strv_length (parts) >= 3 ? g_strdup_printf ("%s %s %s", parts[0], parts[1], parts[2]) : g_strdup ("?");
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of @values (sorted in place). */
static double
percentile (GArray *values,
            double  p)
{
  gsize rank;

  if (values->len == 0)
    return NAN;
  g_array_sort (values, compare_double);
  rank = (gsize) ceil (p / 100.0 * values->len);
  rank = CLAMP (rank, 1, values->len);
  return g_array_index (values, double, rank - 1);
}

static void
figure_clear (Figure *figure)
{
  g_free (figure->label);
}

static void
add_figure (GArray     *figures,
            TargetKind  kind,
            const char *unit,
            double      value,
            double      ref_or_limit,
            const char *format,
            ...) G_GNUC_PRINTF (6, 7);

static void
add_figure (GArray     *figures,
            TargetKind  kind,
            const char *unit,
            double      value,
            double      ref_or_limit,
            const char *format,
            ...)
{
  Figure figure = { 0 };
  va_list args;

  va_start (args, format);
  figure.label = g_strdup_vprintf (format, args);
  va_end (args);
  figure.value = value;
  figure.cpu = NAN;
  figure.unit = unit;
  figure.kind = kind;
  if (kind == TARGET_REF)
    figure.ref = ref_or_limit;
  else if (kind == TARGET_BELOW)
    figure.limit = ref_or_limit;
  g_array_append_val (figures, figure);
}

static gboolean
figure_passes (const Figure *f)
{
  switch (f->kind)
    {
    case TARGET_REF:
      return f->value <= IMPORT_RATIO * f->ref;
    case TARGET_BELOW:
      return f->value < f->limit;
    case TARGET_NONE:
    default:
      return TRUE;
    }
}

static char *
group_digits (guint64 n)
{
  g_autofree char *plain = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (plain);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, plain[i]);
    }
  return g_string_free (out, FALSE);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* Writes the file's dirty pages out and drops it from the page cache, so that the next
 * read comes from the disk. */
static void
evict_from_cache (const char *path)
{
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0)
    return;
  fdatasync (fd);
  posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
  close (fd);
}

/* ---- child processes ---- */

static void
child_run_clear (ChildRun *run)
{
  g_clear_pointer (&run->out, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChildRun, child_run_clear)

/* Runs @argv in @cwd, its stdout captured, stderr passed through; wall time from before the
 * spawn to the reaping, and the child's own peak RSS. */
static gboolean
run_child (const char * const  *argv,
           const char          *cwd,
           ChildRun            *run,
           GError             **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  struct rusage usage = { 0 };
  GPid pid;
  int out_fd, status = 0;
  gint64 start = g_get_monotonic_time ();
  char buf[4096];
  ssize_t n;

  if (!g_spawn_async_with_pipes (cwd, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, error))
    return FALSE;
  while ((n = read (out_fd, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
      g_string_append_len (out, buf, n);
    }
  close (out_fd);
  while (wait4 (pid, &status, 0, &usage) < 0 && errno == EINTR)
    ;
  run->wall_us = g_get_monotonic_time () - start;
  run->maxrss_kb = usage.ru_maxrss;
  run->cpu_us = (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
                usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
  run->out = g_string_free (g_steal_pointer (&out), FALSE);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s failed (status %d): %s", argv[0], status,
                   run->out);
      return FALSE;
    }
  return TRUE;
}

/* "RESULT key=value key=value": the value of @key. */
static gint64
result_get (const char *out,
            const char *key)
{
  const char *line = strstr (out, "RESULT ");
  g_autofree char *needle = g_strdup_printf (" %s=", key);
  const char *at;

  if (line == NULL || (at = strstr (line, needle)) == NULL)
    return -1;
  return g_ascii_strtoll (at + strlen (needle), NULL, 10);
}

static gint64 last_progress_us;

static void
import_progress_cb (const SdImportProgress *progress,
                    gpointer                user_data)
{
  last_progress_us = g_get_monotonic_time ();
}

static int
child_import (const char *kind_name,
              const char *db_path,
              const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = NULL;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdImportResult) result = NULL;
  SdImportOptions options = { 0 };
  gint64 start, end;

  if (!sd_import_kind_from_string (kind_name, &options.kind))
    return EXIT_FAILURE;
  options.encoding = SD_ENCODING_AUTO;
  options.on_error = SD_IMPORT_ABORT_ON_ERROR;

  start = g_get_monotonic_time ();
  session = bench_open_shop (db_path, &error);
  if (session != NULL)
    result = sd_import_file (session, file, &options, import_progress_cb, NULL, NULL, &error);
  end = g_get_monotonic_time ();
  if (result == NULL)
    {
      g_printerr ("bench-customers: importing %s: %s\n", file, error->message);
      return EXIT_FAILURE;
    }
  for (guint i = 0; i < result->errors->len && i < 5; i++)
    {
      SdImportIssue *issue = g_ptr_array_index (result->errors, i);
      g_printerr ("bench-customers: %s: row %u, %s: %s\n", file, issue->row, issue->column, issue->message);
    }
  g_print ("RESULT rows=%" G_GUINT64_FORMAT " inserted=%" G_GUINT64_FORMAT " updated=%" G_GUINT64_FORMAT
           " skipped=%" G_GUINT64_FORMAT " created=%" G_GUINT64_FORMAT " errors=%u rolled_back=%d"
           " total_us=%" G_GINT64_FORMAT " finish_us=%" G_GINT64_FORMAT "\n",
           result->rows, result->inserted, result->updated, result->skipped, result->customers_created,
           result->errors->len, result->rolled_back, end - start,
           last_progress_us > 0 ? end - last_progress_us : (gint64) -1);
  return result->rolled_back ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int
child_open (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = NULL;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GPtrArray) page = NULL;
  gint64 t0, t1, t2, t3, t4, count;

  t0 = g_get_monotonic_time ();
  db = sd_db_open (db_path, &error);
  t1 = g_get_monotonic_time ();
  if (db != NULL)
    session = sd_session_login (db, BENCH_OWNER, BENCH_PASSWORD, &error);
  t2 = g_get_monotonic_time ();
  count = session ? sd_customers_count (session, query, &error) : -1;
  t3 = g_get_monotonic_time ();
  if (count >= 0)
    page = sd_customers_find (session, query, NULL, PAGE_ROWS, &error);
  t4 = g_get_monotonic_time ();
  if (page == NULL)
    {
      g_printerr ("bench-customers: opening %s: %s\n", db_path, error->message);
      return EXIT_FAILURE;
    }
  g_print ("RESULT open_us=%" G_GINT64_FORMAT " session_us=%" G_GINT64_FORMAT " count_us=%" G_GINT64_FORMAT
           " page_us=%" G_GINT64_FORMAT " total_us=%" G_GINT64_FORMAT " count=%" G_GINT64_FORMAT " rows=%u\n",
           t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0, count, page->len);
  return EXIT_SUCCESS;
}

/* ---- the steps of one scale ---- */

typedef struct
{
  char          *dir;
  guint          n_customers;
  guint          n_orders;
  GArray        *figures;
  SdSession     *session;
  GPtrArray     *queries[N_KINDS];    /* char * */
  double         import_finish_s;
} Bench;

static gboolean
step_reference (Bench   *b,
                double  *ref_s,
                GError **error)
{
  static const struct
  {
    const char *db;
    const char *import;
    const char *label;
  } refs[] = {
    { "ref-customers.db", ".import " BENCH_CUSTOMERS_FILE " t", "sqlite3 .import customers.csv (reference)" },
    { "ref-gb18030.db", ".import '|iconv -f GB18030 -t UTF-8 " BENCH_CUSTOMERS_GB18030_FILE "' t2",
      "sqlite3 .import |iconv GB18030 file (reference)" },
    { "ref-orders.db", ".import " BENCH_ORDERS_FILE " t3", "sqlite3 .import orders.csv (reference)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
    {
      g_auto(ChildRun) run = { 0 };
      const char *argv[] = { "sqlite3", "-bail", "-cmd", ".mode csv", refs[i].db, refs[i].import, NULL };

      if (!run_child (argv, b->dir, &run, error))
        return FALSE;
      ref_s[i] = run.wall_us / 1e6;
      add_figure (b->figures, TARGET_NONE, "s", ref_s[i], 0, "%s", refs[i].label);
      g_print ("  %-48s %8.2f s  (cpu %.2f s, peak %.0f MB)\n", refs[i].label, ref_s[i], run.cpu_us / 1e6,
               run.maxrss_kb / 1024.0);
    }
  return TRUE;
}

static gboolean
run_import (Bench       *b,
            const char  *kind,
            const char  *db,
            const char  *file,
            ChildRun    *run,
            GError     **error)
{
  const char *argv[] = { self_exe, "--child-import", kind, db, file, NULL };

  if (!run_child (argv, b->dir, run, error))
    return FALSE;
  g_print ("  import %-10s %-24s %8.2f s  cpu %.2f s  peak %6.1f MB  rows %" G_GINT64_FORMAT " inserted %" G_GINT64_FORMAT
           " updated %" G_GINT64_FORMAT " skipped %" G_GINT64_FORMAT " customers created %" G_GINT64_FORMAT "\n",
           kind, file, run->wall_us / 1e6, run->cpu_us / 1e6, run->maxrss_kb / 1024.0, result_get (run->out, "rows"),
           result_get (run->out, "inserted"), result_get (run->out, "updated"), result_get (run->out, "skipped"),
           result_get (run->out, "created"));
  return TRUE;
}

static gboolean
step_imports (Bench   *b,
              GError **error)
{
  double ref_s[3];
  g_auto(ChildRun) customers = { 0 };
  g_auto(ChildRun) gb18030 = { 0 };
  g_auto(ChildRun) orders = { 0 };

  if (!step_reference (b, ref_s, error))
    return FALSE;
  if (!run_import (b, "customers", "shop.db", BENCH_CUSTOMERS_FILE, &customers, error) ||
      !run_import (b, "customers", "shop-gb18030.db", BENCH_CUSTOMERS_GB18030_FILE, &gb18030, error) ||
      !run_import (b, "orders", "shop.db", BENCH_ORDERS_FILE, &orders, error))
    return FALSE;
  b->import_finish_s = result_get (orders.out, "finish_us") / 1e6;

  add_figure (b->figures, TARGET_REF, "s", customers.wall_us / 1e6, ref_s[0], "import customers.csv");
  add_figure (b->figures, TARGET_REF, "s", gb18030.wall_us / 1e6, ref_s[1], "import customers GB18030");
  add_figure (b->figures, TARGET_REF, "s", orders.wall_us / 1e6, ref_s[2], "import orders.csv");
  add_figure (b->figures, TARGET_BELOW, "MB", customers.maxrss_kb / 1024.0, IMPORT_MB, "peak RSS, customers import");
  add_figure (b->figures, TARGET_BELOW, "MB", gb18030.maxrss_kb / 1024.0, IMPORT_MB, "peak RSS, GB18030 import");
  add_figure (b->figures, TARGET_BELOW, "MB", orders.maxrss_kb / 1024.0, IMPORT_MB, "peak RSS, orders import");
  return TRUE;
}

static gboolean
is_cjk_text (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) < 0x3400)
      return FALSE;
  return TRUE;
}

static char *
utf8_substring (const char *text,
                glong       start,
                glong       len)
{
  return g_utf8_substring (text, start, start + len);
}

static void
add_query (Bench     *b,
           QueryKind  kind,
           char      *text)
{
  if (text != NULL && *text != '\0' && b->queries[kind]->len < (guint) opt_queries)
    g_ptr_array_add (b->queries[kind], text);
  else
    g_free (text);
}

/* Draws the queries from the shop's own data: the same generator, the same seed. */
static void
draw_queries (Bench *b)
{
  g_autoptr(SdDemo) demo = sd_demo_new (opt_seed, b->n_customers, b->n_orders, BENCH_NOW);
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  g_autofree guint8 *sampled = g_malloc0 (b->n_customers + 1);
  guint n_note_words;
  const char * const *note_words = bench_data_note_words (&n_note_words);
  guint n_sample = MIN (b->n_customers, (guint) opt_queries * 4);
  for (guint i = 0; i < N_KINDS; i++)
    b->queries[i] = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_sample; i++)
    sampled[g_rand_int_range (rand, 1, (gint32) b->n_customers + 1)] = 1;

  for (;;)
    {
      g_autoptr(SdCustomer) c = sd_demo_next_customer (demo);
      const char *phone;
      glong name_len, nick_len;

      if (c == NULL)
        break;
      phone = bench_data_local_phone (c);
      name_len = g_utf8_strlen (c->name, -1);
      nick_len = g_utf8_strlen (c->nick, -1);

      if (!sampled[c->id])
        continue;

      if (is_cjk_text (c->name))
        {
          add_query (b, KIND_CJK1, utf8_substring (c->name, 0, 1));
          if (name_len == 2)
            add_query (b, KIND_CJK2, g_strdup (c->name));
          else if (name_len == 3)
            add_query (b, KIND_CJK2, utf8_substring (c->name, g_rand_boolean (rand) ? 1 : 0, 2));
          if (name_len >= 3)
            add_query (b, KIND_CJK3, g_strdup (c->name));
        }
      if (c->phone_state == SD_PHONE_VALID && strlen (phone) == 11)
        {
          add_query (b, KIND_PHONE4, g_strdup (phone + 7));
          add_query (b, KIND_PHONE7, g_strndup (phone + 2, 7));
        }
      if (nick_len <= 4)
        add_query (b, KIND_NICK, g_strdup (c->nick));
      else
        {
          glong len = g_rand_int_range (rand, 4, 7);

          len = MIN (len, nick_len);
          add_query (b, KIND_NICK, utf8_substring (c->nick, g_rand_int_range (rand, 0, (gint32) (nick_len - len + 1)), len));
        }
      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          add_query (b, KIND_ADDRESS, g_strdup (c->city));
          break;
        case 1:
          add_query (b, KIND_ADDRESS, g_strdup (c->district));
          break;
        default:
          add_query (b, KIND_ADDRESS, utf8_substring (c->address, 0, 3));
          break;
        }
      add_query (b, KIND_NOTE, g_strdup (note_words[g_rand_int_range (rand, 0, (gint32) n_note_words)]));
    }
}

static gboolean
time_search (Bench       *b,
             GPtrArray   *queries,
             SdCustomerSort sort,
             gboolean     descending,
             GArray      *find_ms,
             GArray      *find_cpu,
             GArray      *count_ms,
             GArray      *matches,
             GError     **error)
{
  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
      g_autoptr(GPtrArray) page = NULL;
      gint64 start, cpu, count;
      double ms, cpu_ms, n;

      query->text = g_strdup (g_ptr_array_index (queries, i));
      query->sort = sort;
      query->descending = descending;
      start = g_get_monotonic_time ();
      cpu = cpu_now_us ();
      page = sd_customers_find (b->session, query, NULL, PAGE_ROWS, error);
      ms = ms_since (start);
      cpu_ms = cpu_ms_since (cpu);
      if (page == NULL)
        return FALSE;
      g_array_append_val (find_ms, ms);
      g_array_append_val (find_cpu, cpu_ms);
      start = g_get_monotonic_time ();
      count = sd_customers_count (b->session, query, error);
      ms = ms_since (start);
      if (count < 0)
        return FALSE;
      if (page->len == 0)
        g_printerr ("bench-customers: warning: “%s” found nothing\n", query->text);
      g_array_append_val (count_ms, ms);
      n = (double) count;
      g_array_append_val (matches, n);
    }
  return TRUE;
}

static gboolean
step_search (Bench   *b,
             GError **error)
{
  g_print ("\n  %-40s %5s %8s %8s %8s %8s   %8s %8s   %9s\n", "search (first page of 50), wall ms", "n", "p50",
           "p95", "max", "cpu p95", "count95", "countmax", "matches50");

  /* Warm up the statement cache and the index pages: a few queries of every kind. */
  for (guint k = 0; k < N_KINDS; k++)
    {
      g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) u = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) c = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) m = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GPtrArray) few = g_ptr_array_new ();

      for (guint i = 0; i < MIN (3u, b->queries[k]->len); i++)
        g_ptr_array_add (few, g_ptr_array_index (b->queries[k], b->queries[k]->len - 1 - i));
      if (!time_search (b, few, SD_CUSTOMER_SORT_ID, FALSE, a, u, c, m, error))
        return FALSE;
    }

  for (guint k = 0; k <= N_KINDS; k++)
    {
      g_autoptr(GArray) find_ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) find_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) count_ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (double));
      /* The last row: one-character queries (the largest results) sorted by spend. */
      gboolean sorted = k == N_KINDS;
      GPtrArray *queries = b->queries[sorted ? KIND_CJK1 : k];
      const char *label = sorted ? "name, 1 CJK char, sorted by spend desc" : kind_labels[k];
      double p95, c95, u95;

      if (!time_search (b, queries, sorted ? SD_CUSTOMER_SORT_TOTAL_SPENT : SD_CUSTOMER_SORT_ID, sorted, find_ms,
                        find_cpu, count_ms, matches, error))
        return FALSE;
      p95 = percentile (find_ms, 95);
      c95 = percentile (count_ms, 95);
      u95 = percentile (find_cpu, 95);
      g_print ("  %-40s %5u %8.2f %8.2f %8.2f %8.2f   %8.2f %8.2f   %9.0f\n", label, find_ms->len,
               percentile (find_ms, 50), p95, percentile (find_ms, 100), u95, c95, percentile (count_ms, 100),
               percentile (matches, 50));
      add_figure (b->figures, TARGET_BELOW, "ms", p95, SEARCH_MS, "search p95: %s", label);
      set_last_cpu (b->figures, u95);
      add_figure (b->figures, TARGET_BELOW, "ms", c95, SEARCH_MS, "count p95: %s", label);
    }
  return TRUE;
}

/* Rows to page after. A keyset cursor is the sort key and id of a row, so the page after a
 * customer drawn at random is a page at a random depth of every sort order, without
 * walking there. Some are drawn among the customers without orders: the large group of
 * equal values (0 spent, 0 orders, no last order) of the aggregate sorts. */
static gboolean
draw_page_anchors (Bench     *b,
                   GPtrArray *anchors,
                   GError   **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (777);
  guint n_idle = 0, tries = 0;

  while (anchors->len < (guint) opt_pages)
    {
      SdCustomer *c = sd_customers_get (b->session, g_rand_int_range (rand, 1, (gint32) b->n_customers + 1), error);
      if (c == NULL)
        return FALSE;
      g_ptr_array_add (anchors, c);
    }
  while (n_idle < (guint) opt_pages / 4 && tries++ < 10000)
    {
      g_autoptr(SdCustomer) c = sd_customers_get (b->session, g_rand_int_range (rand, 1, (gint32) b->n_customers + 1),
                                                  error);
      if (c == NULL)
        return FALSE;
      if (c->order_count == 0)
        {
          g_ptr_array_add (anchors, g_steal_pointer (&c));
          n_idle++;
        }
    }
  return TRUE;
}

static gboolean
step_paging (Bench   *b,
             GError **error)
{
  g_autoptr(GArray) all_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_customer_free);

  if (!draw_page_anchors (b, anchors, error))
    return FALSE;
  /* NULL: the first page. */
  g_ptr_array_add (anchors, NULL);

  g_print ("\n  %-28s %5s %8s %8s %8s %8s  (page of 50 after a random customer, and the first page)\n",
           "paging: sort, wall ms", "n", "p50", "p95", "max", "cpu p95");
  for (guint s = SD_CUSTOMER_SORT_ID; s <= SD_CUSTOMER_SORT_CITY; s++)
    for (guint d = 0; d < 2; d++)
      {
        g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
        g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
        g_autofree char *label = NULL;

        query->sort = s;
        query->descending = d == 1;
        for (guint i = 0; i < anchors->len; i++)
          {
            g_autoptr(SdCustomerCursor) cursor = NULL;
            g_autoptr(GPtrArray) page = NULL;
            SdCustomer *anchor = g_ptr_array_index (anchors, i);
            gint64 start, cpu_start;
            double t, u;

            if (anchor != NULL)
              cursor = sd_customers_cursor_after (query, anchor);
            start = g_get_monotonic_time ();
            cpu_start = cpu_now_us ();
            page = sd_customers_find (b->session, query, cursor, PAGE_ROWS, error);
            t = ms_since (start);
            u = cpu_ms_since (cpu_start);
            if (page == NULL)
              return FALSE;
            g_array_append_val (ms, t);
            g_array_append_val (all_ms, t);
            g_array_append_val (cpu, u);
            g_array_append_val (all_cpu, u);
          }
        label = g_strdup_printf ("%s %s", sd_customer_sort_to_string (s), d ? "desc" : "asc");
        g_print ("  %-28s %5u %8.3f %8.3f %8.3f %8.3f\n", label, ms->len, percentile (ms, 50), percentile (ms, 95),
                 percentile (ms, 100), percentile (cpu, 95));
      }
  add_figure (b->figures, TARGET_BELOW, "ms", percentile (all_ms, 50), PAGE_MS, "page of 50, p50 (all sorts)");
  set_last_cpu (b->figures, percentile (all_cpu, 50));
  add_figure (b->figures, TARGET_BELOW, "ms", percentile (all_ms, 95), PAGE_MS, "page of 50, p95 (all sorts)");
  set_last_cpu (b->figures, percentile (all_cpu, 95));
  add_figure (b->figures, TARGET_BELOW, "ms", percentile (all_ms, 100), PAGE_MS, "page of 50, max (any position)");
  set_last_cpu (b->figures, percentile (all_cpu, 100));
  return TRUE;
}

static gboolean
step_aggregates (Bench   *b,
                 GError **error)
{
  gint64 start = g_get_monotonic_time ();

  if (!sd_customers_rebuild_aggregates (b->session, error))
    return FALSE;
  add_figure (b->figures, TARGET_BELOW, "s", (g_get_monotonic_time () - start) / 1e6, AGGREGATES_S,
              "rebuild aggregates (all already right)");
  add_figure (b->figures, TARGET_BELOW, "s", b->import_finish_s, AGGREGATES_S,
              "orders import after last row (upper bound)");
  return TRUE;
}

static gboolean
step_open (Bench   *b,
           GError **error)
{
  g_autofree char *db = g_build_filename (b->dir, "shop.db", NULL);
  g_autoptr(GArray) warm = g_array_new (FALSE, FALSE, sizeof (double));
  const char *argv[] = { self_exe, "--child-open", db, NULL };
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i <= WARM_OPENS; i++)
    {
      g_auto(ChildRun) run = { 0 };
      double ms;

      if (i == 0)
        for (guint s = 0; s < G_N_ELEMENTS (suffixes); s++)
          {
            g_autofree char *path = g_strconcat (db, suffixes[s], NULL);
            evict_from_cache (path);
          }
      if (!run_child (argv, b->dir, &run, error))
        return FALSE;
      ms = result_get (run.out, "total_us") / 1000.0;
      g_print ("  open %-5s: open %.2f ms, session %.2f ms, count %.2f ms, first page %.2f ms -> %.2f ms"
               " (count %" G_GINT64_FORMAT ", process wall %.1f ms)\n",
               i == 0 ? "cold" : "warm", result_get (run.out, "open_us") / 1000.0,
               result_get (run.out, "session_us") / 1000.0, result_get (run.out, "count_us") / 1000.0,
               result_get (run.out, "page_us") / 1000.0, ms, result_get (run.out, "count"), run.wall_us / 1000.0);
      if (i == 0)
        add_figure (b->figures, TARGET_BELOW, "ms", ms, OPEN_MS, "open + count + first page, cold");
      else
        g_array_append_val (warm, ms);
    }
  add_figure (b->figures, TARGET_BELOW, "ms", percentile (warm, 50), OPEN_MS, "open + count + first page, warm");
  return TRUE;
}

/* ---- PostgreSQL ---- */

/* The server: $SHOPDESK_TEST_PG's, or one of our own from tools/pg-test-server.sh (its exit
 * status 77: no PostgreSQL installed). */
static void
pg_start (void)
{
  const char *given = g_getenv ("SHOPDESK_TEST_PG");
  g_autofree char *script = g_build_filename (BENCH_SOURCE_ROOT, "tools", "pg-test-server.sh", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (opt_no_pg)
    pg_why = g_strdup ("--no-pg");
  else if (!_sd_pg_available ())
    pg_why = g_strdup ("this build has no libpq (meson option postgresql)");
  else if (given != NULL && *given != '\0')
    pg_base = g_strdup (given);
  else if ((pg_dir = g_dir_make_tmp ("shopdesk-bench-pg-XXXXXX", &error)) == NULL)
    pg_why = g_strdup (error->message);
  else
    {
      const char *argv[] = { "bash", script, "start", pg_dir, NULL };

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
        pg_why = g_strdup (error->message);
      else if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
        pg_why = g_strdup ("no PostgreSQL server is installed here (apt-get install postgresql)");
      else if (!g_spawn_check_wait_status (status, NULL))
        pg_why = g_strdup_printf ("tools/pg-test-server.sh failed: %s", g_strstrip (err));
      else
        pg_base = g_strdup (g_strstrip (out));
      if (pg_base == NULL)
        {
          g_rmdir (pg_dir);
          g_clear_pointer (&pg_dir, g_free);
        }
    }
}

static void
pg_stop (void)
{
  g_autofree char *script = g_build_filename (BENCH_SOURCE_ROOT, "tools", "pg-test-server.sh", NULL);

  if (pg_dir != NULL)
    {
      const char *argv[] = { "bash", script, "stop", pg_dir, NULL };
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL);
    }
  g_clear_pointer (&pg_dir, g_free);
  g_clear_pointer (&pg_base, g_free);
  g_clear_pointer (&pg_why, g_free);
}

/* The server's URL with DATABASE in place of its database. */
static char *
pg_url_of (const char *database)
{
  const char *slash = strrchr (pg_base, '/');
  const char *query = strchr (slash, '?');

  return g_strdup_printf ("%.*s/%s%s", (int) (slash - pg_base), pg_base, database, query ? query : "");
}

static gboolean
pg_admin (const char  *sql,
          GError     **error)
{
  g_autoptr(SdDb) admin = _sd_db_open_bare (pg_base, error);

  return admin != NULL && _sd_db_exec (admin, sql, error);
}

static gboolean
step_pg_open (Bench       *b,
              const char  *url,
              GError     **error)
{
  g_autoptr(GArray) warm = g_array_new (FALSE, FALSE, sizeof (double));
  const char *argv[] = { self_exe, "--child-open", url, NULL };

  /* The server's cache is its own, warm from the import: every open is a warm one. */
  for (guint i = 0; i < WARM_OPENS; i++)
    {
      g_auto(ChildRun) run = { 0 };
      double ms;

      if (!run_child (argv, b->dir, &run, error))
        return FALSE;
      ms = result_get (run.out, "total_us") / 1000.0;
      g_print ("  open warm: connect %.2f ms, session %.2f ms, count %.2f ms, first page %.2f ms -> %.2f ms"
               " (count %" G_GINT64_FORMAT ", process wall %.1f ms)\n",
               result_get (run.out, "open_us") / 1000.0, result_get (run.out, "session_us") / 1000.0,
               result_get (run.out, "count_us") / 1000.0, result_get (run.out, "page_us") / 1000.0, ms,
               result_get (run.out, "count"), run.wall_us / 1000.0);
      g_array_append_val (warm, ms);
    }
  add_figure (b->figures, TARGET_BELOW, "ms", percentile (warm, 50), OPEN_MS, "open + count + first page, warm");
  return TRUE;
}

/* Steps 3 to 7 again on a database of the PostgreSQL server, from the same files and with
 * the same queries as SQLite's run (@lite). */
static gboolean
run_pg (Bench        *lite,
        ScaleResult  *scale,
        GError      **error)
{
  g_autofree char *database = g_strdup_printf ("shopdesk_bench_%d_%u", (int) getpid (), scale->n_customers);
  g_autofree char *url = pg_url_of (database);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", database);
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", database);
  g_auto(ChildRun) customers = { 0 };
  g_auto(ChildRun) orders = { 0 };
  Bench b = { 0 };
  gboolean ok = FALSE;

  if (!pg_admin (drop, error) || !pg_admin (create, error))
    return FALSE;
  b.dir = lite->dir;
  b.n_customers = lite->n_customers;
  b.n_orders = lite->n_orders;
  b.figures = scale->pg_figures;
  g_print ("\n  --- PostgreSQL: %s ---\n", url);

  if (!run_import (&b, "customers", url, BENCH_CUSTOMERS_FILE, &customers, error) ||
      !run_import (&b, "orders", url, BENCH_ORDERS_FILE, &orders, error))
    goto out;
  b.import_finish_s = result_get (orders.out, "finish_us") / 1e6;
  add_figure (b.figures, TARGET_NONE, "s", customers.wall_us / 1e6, 0, "import customers.csv");
  add_figure (b.figures, TARGET_NONE, "s", orders.wall_us / 1e6, 0, "import orders.csv");
  /* The client's own: the server's memory is not counted. */
  add_figure (b.figures, TARGET_NONE, "MB", customers.maxrss_kb / 1024.0, 0, "peak RSS, customers import");
  add_figure (b.figures, TARGET_NONE, "MB", orders.maxrss_kb / 1024.0, 0, "peak RSS, orders import");

  b.session = bench_open_shop (url, error);
  if (b.session == NULL)
    goto out;
  /* The same queries, the first of each kind: borrowed, not freed here. */
  for (guint k = 0; k < N_KINDS; k++)
    {
      b.queries[k] = g_ptr_array_new ();
      for (guint i = 0; i < lite->queries[k]->len && i < (guint) opt_pg_queries; i++)
        g_ptr_array_add (b.queries[k], g_ptr_array_index (lite->queries[k], i));
    }
  if (!step_search (&b, error) || !step_paging (&b, error) || !step_aggregates (&b, error))
    goto out;
  g_clear_object (&b.session);
  g_print ("\n");
  ok = step_pg_open (&b, url, error);

out:
  g_clear_object (&b.session);
  for (guint k = 0; k < N_KINDS; k++)
    g_clear_pointer (&b.queries[k], g_ptr_array_unref);
  if (!opt_keep)
    {
      g_autoptr(GError) local = NULL;
      if (!pg_admin (drop, &local))
        g_printerr ("bench-customers: dropping %s: %s\n", database, local->message);
    }
  else
    g_print ("  kept the database %s\n", url);
  return ok;
}

static gboolean
run_scale (ScaleResult  *scale,
           GError      **error)
{
  g_autofree char *base = g_build_filename (opt_tmpdir ? opt_tmpdir : g_get_tmp_dir (), "shopdesk-bench-XXXXXX", NULL);
  g_autoptr(SdDb) db = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *customers = NULL, *orders = NULL;
  Bench b = { 0 };
  gboolean ok = FALSE;
  gint64 start;

  b.dir = g_mkdtemp (base) ? g_strdup (base) : NULL;
  if (b.dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot create a directory in %s",
                   opt_tmpdir ? opt_tmpdir : g_get_tmp_dir ());
      return FALSE;
    }
  b.n_customers = scale->n_customers;
  b.n_orders = scale->n_orders;
  b.figures = scale->figures;
  customers = group_digits (b.n_customers);
  orders = group_digits (b.n_orders);
  {
    g_autofree char *load = load_average ();
    g_print ("\n=== %s customers, %s orders (in %s; load average %s) ===\n", customers, orders, b.dir, load);
  }

  start = g_get_monotonic_time ();
  if (!bench_data_write (b.dir, opt_seed, b.n_customers, b.n_orders, error))
    goto out;
  {
    g_autofree char *c = g_build_filename (b.dir, BENCH_CUSTOMERS_FILE, NULL);
    g_autofree char *g = g_build_filename (b.dir, BENCH_CUSTOMERS_GB18030_FILE, NULL);
    g_autofree char *o = g_build_filename (b.dir, BENCH_ORDERS_FILE, NULL);
    g_print ("  generated the files in %.1f s: customers.csv %.1f MB, customers-gb18030.csv %.1f MB, orders.csv %.1f MB\n",
             (g_get_monotonic_time () - start) / 1e6, file_size (c) / 1048576.0, file_size (g) / 1048576.0,
             file_size (o) / 1048576.0);
  }

  if (!step_imports (&b, error))
    goto out;
  {
    g_autofree char *s = g_build_filename (b.dir, "shop.db", NULL);
    g_print ("  shop.db: %.1f MB\n", file_size (s) / 1048576.0);
  }

  db_path = g_build_filename (b.dir, "shop.db", NULL);
  b.session = bench_open_shop (db_path, error);
  if (b.session == NULL)
    goto out;

  draw_queries (&b);
  if (!step_search (&b, error) || !step_paging (&b, error) || !step_aggregates (&b, error))
    goto out;
  g_clear_object (&b.session);
  g_clear_pointer (&db, sd_db_unref);
  g_print ("\n");
  if (!step_open (&b, error))
    goto out;
  if (pg_base != NULL && scale->n_customers > opt_pg_up_to)
    g_print ("\n  PostgreSQL: not measured at this scale (more than --pg-up-to %" G_GINT64_FORMAT " customers)\n",
             opt_pg_up_to);
  else if (pg_base != NULL && !run_pg (&b, scale, error))
    goto out;
  ok = TRUE;
  {
    g_autofree char *load = load_average ();
    g_print ("  load average at the end: %s\n", load);
  }

out:
  g_clear_object (&b.session);
  g_clear_pointer (&db, sd_db_unref);
  for (guint i = 0; i < N_KINDS; i++)
    g_clear_pointer (&b.queries[i], g_ptr_array_unref);
  if (opt_keep)
    g_print ("  kept %s\n", b.dir);
  else
    remove_tree (b.dir);
  g_free (b.dir);
  return ok;
}

/* ---- reports ---- */

static char *
format_value (double      value,
              const char *unit)
{
  if (isnan (value))
    return g_strdup ("—");
  if (g_str_equal (unit, "ms"))
    return g_strdup_printf ("%.2f ms", value);
  if (g_str_equal (unit, "MB"))
    return g_strdup_printf ("%.0f MB", value);
  return g_strdup_printf ("%.2f %s", value, unit);
}

static void
print_table (const ScaleResult *scale)
{
  g_autofree char *customers = group_digits (scale->n_customers);
  g_autofree char *orders = group_digits (scale->n_orders);

  g_print ("\n%s customers, %s orders\n", customers, orders);
  g_print ("%-52s %11s %9s  %-22s %12s  %s\n", "figure", "measured", "cpu", "target", "ratio", "result");
  for (guint i = 0; i < scale->figures->len; i++)
    {
      const Figure *f = &g_array_index (scale->figures, Figure, i);
      g_autofree char *value = format_value (f->value, f->unit);
      g_autofree char *target = NULL;
      g_autofree char *ratio = NULL;
      g_autofree char *limit = NULL;
      g_autofree char *cpu = isnan (f->cpu) ? g_strdup ("") : g_strdup_printf ("%.2f ms", f->cpu);

      switch (f->kind)
        {
        case TARGET_REF:
          limit = format_value (IMPORT_RATIO * f->ref, f->unit);
          target = g_strdup_printf ("<= 3x ref = %s", limit);
          ratio = g_strdup_printf ("%.2fx ref", f->value / f->ref);
          break;
        case TARGET_BELOW:
          limit = format_value (f->limit, f->unit);
          target = g_strdup_printf ("< %s", limit);
          ratio = g_strdup_printf ("%.2fx tgt", f->value / f->limit);
          break;
        case TARGET_NONE:
        default:
          target = g_strdup ("");
          ratio = g_strdup ("");
          break;
        }
      g_print ("%-52s %11s %9s  %-22s %12s  %s\n", f->label, value, cpu, target, ratio,
               f->kind == TARGET_NONE ? "" : figure_passes (f) ? "PASS" : "FAIL");
    }
}

static const Figure *
find_figure (GArray     *figures,
             const char *label)
{
  for (guint i = 0; i < figures->len; i++)
    if (g_str_equal (g_array_index (figures, Figure, i).label, label))
      return &g_array_index (figures, Figure, i);
  return NULL;
}

/* Every figure both engines have, SQLite's and PostgreSQL's side by side. */
static void
print_engines (const ScaleResult *scale)
{
  g_autofree char *customers = group_digits (scale->n_customers);
  g_autofree char *orders = group_digits (scale->n_orders);

  if (scale->pg_figures->len == 0)
    return;
  g_print ("\n%s customers, %s orders: PostgreSQL beside SQLite\n", customers, orders);
  g_print ("%-52s %11s %11s %9s\n", "figure", "SQLite", "PostgreSQL", "PG/SQLite");
  for (guint i = 0; i < scale->figures->len; i++)
    {
      const Figure *f = &g_array_index (scale->figures, Figure, i);
      const Figure *g = find_figure (scale->pg_figures, f->label);
      g_autofree char *x = format_value (f->value, f->unit);
      g_autofree char *y = g ? format_value (g->value, g->unit) : g_strdup ("—");
      g_autofree char *ratio = g && f->value > 0 ? g_strdup_printf ("%.2fx", g->value / f->value) : g_strdup ("");

      if (f->kind == TARGET_NONE && g == NULL)
        continue;   /* the references of the sqlite3 shell */
      g_print ("%-52s %11s %11s %9s\n", f->label, x, y, ratio);
    }
}

static void
print_growth (GArray *scales)
{
  const ScaleResult *first = &g_array_index (scales, ScaleResult, 0);
  const ScaleResult *last = &g_array_index (scales, ScaleResult, scales->len - 1);
  g_autofree char *a = group_digits (first->n_customers);
  g_autofree char *z = group_digits (last->n_customers);

  if (scales->len < 2 || first->figures->len != last->figures->len)
    return;
  g_print ("\nGrowth from %s to %s customers (x%.0f data)\n", a, z, (double) last->n_customers / first->n_customers);
  g_print ("%-52s %11s %11s %8s\n", "figure", a, z, "growth");
  for (guint i = 0; i < first->figures->len; i++)
    {
      const Figure *f = &g_array_index (first->figures, Figure, i);
      const Figure *g = &g_array_index (last->figures, Figure, i);
      g_autofree char *x = format_value (f->value, f->unit);
      g_autofree char *y = format_value (g->value, g->unit);

      g_print ("%-52s %11s %11s %7.1fx\n", f->label, x, y, f->value > 0 ? g->value / f->value : NAN);
    }
}

static gboolean
parse_scale (const char *text,
             guint      *n_customers,
             guint      *n_orders)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);
  guint64 c, o;

  if (g_strv_length (parts) != 2 || !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT32, &c, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT32, &o, NULL))
    return FALSE;
  *n_customers = (guint) c;
  *n_orders = (guint) o;
  return TRUE;
}

static void
scale_result_clear (ScaleResult *scale)
{
  g_clear_pointer (&scale->figures, g_array_unref);
  g_clear_pointer (&scale->pg_figures, g_array_unref);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) scales = NULL;
  g_auto(GStrv) scale_texts = NULL;
  gint64 seed = BENCH_DEFAULT_SEED;
  guint n_failed = 0, n_checked = 0;
  GOptionEntry entries[] = {
    { "scale", 0, 0, G_OPTION_ARG_STRING_ARRAY, &scale_texts, "Customers and orders (repeatable; default 100000:500000)", "N:M" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &opt_queries, "Queries of each kind (default 200)", "Q" },
    { "pages", 0, 0, G_OPTION_ARG_INT, &opt_pages, "Random customers to page after, for every sort (default 32)", "P" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed of the data", "S" },
    { "tmpdir", 0, 0, G_OPTION_ARG_FILENAME, &opt_tmpdir, "Where the temporary directory goes", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the temporary directory (and PostgreSQL database)", NULL },
    { "no-pg", 0, 0, G_OPTION_ARG_NONE, &opt_no_pg, "SQLite only: no run on PostgreSQL", NULL },
    { "pg-up-to", 0, 0, G_OPTION_ARG_INT64, &opt_pg_up_to, "PostgreSQL at scales of up to N customers (default 100000)", "N" },
    { "pg-queries", 0, 0, G_OPTION_ARG_INT, &opt_pg_queries, "Queries of each kind on PostgreSQL (default 20)", "Q" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  if (argc == 5 && g_str_equal (argv[1], "--child-import"))
    return child_import (argv[2], argv[3], argv[4]);
  if (argc == 3 && g_str_equal (argv[1], "--child-open"))
    return child_open (argv[2]);

  context = g_option_context_new ("— benchmark the customer database");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-customers: %s\n", error->message);
      return EXIT_FAILURE;
    }
  opt_seed = (guint64) seed;
  opt_queries = MAX (opt_queries, 1);
  opt_pages = MAX (opt_pages, 0);
  opt_pg_queries = MAX (opt_pg_queries, 1);
  self_exe = g_file_read_link ("/proc/self/exe", &error);
  if (self_exe == NULL)
    {
      g_printerr ("bench-customers: %s\n", error->message);
      return EXIT_FAILURE;
    }

  scales = g_array_new (FALSE, TRUE, sizeof (ScaleResult));
  g_array_set_clear_func (scales, (GDestroyNotify) scale_result_clear);
  for (guint i = 0; scale_texts == NULL ? i < 1 : scale_texts[i] != NULL; i++)
    {
      ScaleResult scale = { 100000, 500000, NULL, NULL };

      if (scale_texts != NULL && !parse_scale (scale_texts[i], &scale.n_customers, &scale.n_orders))
        {
          g_printerr ("bench-customers: “%s” is not N:M (customers:orders)\n", scale_texts[i]);
          return EXIT_FAILURE;
        }
      scale.figures = g_array_new (FALSE, TRUE, sizeof (Figure));
      g_array_set_clear_func (scale.figures, (GDestroyNotify) figure_clear);
      scale.pg_figures = g_array_new (FALSE, TRUE, sizeof (Figure));
      g_array_set_clear_func (scale.pg_figures, (GDestroyNotify) figure_clear);
      g_array_append_val (scales, scale);
    }

  pg_start ();
  if (pg_base != NULL)
    g_print ("PostgreSQL: %s%s\n", pg_base, pg_dir ? " (started for this run)" : " ($SHOPDESK_TEST_PG)");
  else
    g_print ("PostgreSQL: not measured: %s; SQLite's figures only\n", pg_why);
  for (guint i = 0; i < scales->len; i++)
    if (!run_scale (&g_array_index (scales, ScaleResult, i), &error))
      {
        g_printerr ("bench-customers: %s\n", error->message);
        pg_stop ();
        g_clear_pointer (&self_exe, g_free);
        g_clear_pointer (&opt_tmpdir, g_free);
        return EXIT_FAILURE;
      }

  g_print ("\n================ results ================\n");
  for (guint i = 0; i < scales->len; i++)
    print_table (&g_array_index (scales, ScaleResult, i));
  for (guint i = 0; i < scales->len; i++)
    print_engines (&g_array_index (scales, ScaleResult, i));
  if (pg_base == NULL)
    g_print ("\nPostgreSQL: not measured: %s\n", pg_why);
  pg_stop ();
  print_growth (scales);

  for (guint i = 0; i < scales->len; i++)
    {
      const ScaleResult *scale = &g_array_index (scales, ScaleResult, i);
      for (guint j = 0; j < scale->figures->len; j++)
        {
          const Figure *f = &g_array_index (scale->figures, Figure, j);
          if (f->kind == TARGET_NONE)
            continue;
          n_checked++;
          n_failed += !figure_passes (f);
        }
    }
  g_print ("\n%u of %u targets met, %u failed\n", n_checked - n_failed, n_checked, n_failed);
  g_clear_pointer (&self_exe, g_free);
  g_clear_pointer (&opt_tmpdir, g_free);
  return EXIT_SUCCESS;
}
