/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sd-kpi.h"

G_BEGIN_DECLS

/* How the Reports page writes KPI figures and buckets. Pure functions of their arguments,
 * so tests pin them down. */

/* VALUE of FIGURE by its unit: seconds as "12 s" under a minute, "1:02" (m:ss) or
 * "1:02:03" beyond; shares "55.6%"; ratios "0.93"; counts "1,234"; fen "¥238.00";
 * "–" for NAN. */
char *sd_kpi_format_value  (SdKpiFigure  figure,
                            double       value);
/* A bucket starting at START (UTC) as its axis label in shop time: "03-02" for a day or
 * the Monday of a week, "2026-03" for a month. */
char *sd_kpi_format_bucket (gint64       start,
                            SdKpiBucket  bucket);

G_END_DECLS
