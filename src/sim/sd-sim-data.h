/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The fixed tables the simulated shop draws from: what it sells, where its buyers live,
 * what they are called. */

typedef struct
{
  const char *title;
  gint32      price_cents;
} SdSimProduct;

typedef struct
{
  const char *state;          /* as Taobao writes it: 浙江省, 北京 */
  const char *city;
  const char *district;
  const char *town;
  const char *zip;
  const char *province_code;  /* Shopify's, for country CN */
} SdSimRegion;

typedef struct
{
  const char *han;
  const char *pinyin;
} SdSimName;

/* Products sorted by price, cheapest first. */
const SdSimProduct *sd_sim_product         (guint index);
guint               sd_sim_n_products      (void);
const SdSimRegion  *sd_sim_region          (guint index);
guint               sd_sim_n_regions       (void);
const SdSimName    *sd_sim_surname         (guint index);
guint               sd_sim_n_surnames      (void);
const SdSimName    *sd_sim_given_name      (guint index);
guint               sd_sim_n_given_names   (void);
/* Chinese Taobao nicknames (before Taobao fuzzes them). */
const char         *sd_sim_nick_word       (guint index);
guint               sd_sim_n_nick_words    (void);

G_END_DECLS
