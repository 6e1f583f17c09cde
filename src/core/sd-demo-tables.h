/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The word lists behind sd-demo.c. Weights are relative integers, so that the same seed
 * draws the same shop on every machine (no floating point anywhere in the generator). */

typedef struct
{
  const char *hanzi;
  const char *pinyin;
  guint16     weight;   /* per 10,000 people */
} SdDemoSurname;

typedef enum
{
  SD_DEMO_MALE    = 1 << 0,
  SD_DEMO_FEMALE  = 1 << 1,
  SD_DEMO_NEUTRAL = SD_DEMO_MALE | SD_DEMO_FEMALE,
} SdDemoGenderMask;

typedef struct
{
  const char *hanzi;
  const char *pinyin;
  guint8      genders;  /* SdDemoGenderMask */
} SdDemoGivenChar;

typedef struct
{
  const char *title;
  gint64      price_cents;
  guint16     weight;   /* how often it sells */
} SdDemoProduct;

typedef struct
{
  const char *province;  /* a name sd_address_canonical_province() knows */
  guint16     weight;    /* share of orders, per 10,000 */
} SdDemoProvinceWeight;

extern const SdDemoSurname        _sd_demo_surnames[];
extern const guint                _sd_demo_n_surnames;
extern const SdDemoSurname        _sd_demo_double_surnames[];
extern const guint                _sd_demo_n_double_surnames;
extern const SdDemoGivenChar      _sd_demo_given_chars[];
extern const guint                _sd_demo_n_given_chars;
extern const char * const         _sd_demo_english_names[];
extern const guint                _sd_demo_n_english_names;
extern const char * const         _sd_demo_nick_adjectives[];
extern const guint                _sd_demo_n_nick_adjectives;
extern const char * const         _sd_demo_nick_nouns[];
extern const guint                _sd_demo_n_nick_nouns;
extern const char * const         _sd_demo_nick_animals[];
extern const guint                _sd_demo_n_nick_animals;
extern const char * const         _sd_demo_nick_foods[];
extern const guint                _sd_demo_n_nick_foods;
extern const char * const         _sd_demo_mobile_prefixes[];
extern const guint                _sd_demo_n_mobile_prefixes;
extern const SdDemoProvinceWeight _sd_demo_province_weights[];
extern const guint                _sd_demo_n_province_weights;
extern const char * const         _sd_demo_road_names[];
extern const guint                _sd_demo_n_road_names;
extern const char * const         _sd_demo_road_kinds[];
extern const guint                _sd_demo_n_road_kinds;
extern const char * const         _sd_demo_estate_names[];
extern const guint                _sd_demo_n_estate_names;
extern const char * const         _sd_demo_estate_kinds[];
extern const guint                _sd_demo_n_estate_kinds;
extern const char * const         _sd_demo_office_names[];
extern const guint                _sd_demo_n_office_names;
extern const char * const         _sd_demo_village_names[];
extern const guint                _sd_demo_n_village_names;
extern const SdDemoProduct        _sd_demo_products[];
extern const guint                _sd_demo_n_products;
extern const char * const         _sd_demo_opt_out_reasons[];
extern const guint                _sd_demo_n_opt_out_reasons;

G_END_DECLS
