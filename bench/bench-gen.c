/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-gen"

#include <stdlib.h>

#include "bench-data.h"

/*
 * bench-gen --customers N --orders M --out DIR [--seed S]
 *
 * Writes the benchmark's input files into DIR: customers.csv (UTF-8, the Chinese headers of
 * a Taobao customer list), customers-gb18030.csv (the same rows in GB18030) and orders.csv
 * (one row per order, as Taobao's sold-orders report has them; orders name their buyer by
 * nick). The same seed and sizes give the same bytes.
 */

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— write the benchmark's CSV files");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gint64 n_customers = 100000, n_orders = 500000, seed = BENCH_DEFAULT_SEED;
  gint64 start;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT64, &n_customers, "Customers (default 100000)", "N" },
    { "orders", 0, 0, G_OPTION_ARG_INT64, &n_orders, "Orders (default 500000)", "M" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed", "S" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Directory for the files", "DIR" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-gen: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (out == NULL || n_customers < 1 || n_customers > G_MAXUINT32 || n_orders < 0 || n_orders > G_MAXUINT32)
    {
      g_printerr ("bench-gen: give --out DIR, --customers N (≥ 1) and --orders M\n");
      return EXIT_FAILURE;
    }

  start = g_get_monotonic_time ();
  if (!bench_data_write (out, (guint64) seed, (guint) n_customers, (guint) n_orders, &error))
    {
      g_printerr ("bench-gen: %s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("Wrote %" G_GINT64_FORMAT " customers and %" G_GINT64_FORMAT " orders to %s in %.1f s\n", n_customers,
           n_orders, out, (g_get_monotonic_time () - start) / 1e6);
  return EXIT_SUCCESS;
}
