/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "bs-store-records.h"

void
bs_category_count_free (BsCategoryCount *category)
{
  g_free (category->name);
  g_free (category);
}

void
bs_cover_free (BsCover *cover)
{
  if (cover == NULL)
    return;
  g_free (cover->content_type);
  g_free (cover->etag);
  g_clear_pointer (&cover->bytes, g_bytes_unref);
  g_free (cover);
}

void
bs_customer_free (BsCustomer *customer)
{
  if (customer == NULL)
    return;
  g_free (customer->customer_id);
  g_free (customer->username);
  g_free (customer->display_name);
  if (customer->password_hash != NULL)
    memset (customer->password_hash, 0, strlen (customer->password_hash));
  g_free (customer->password_hash);
  g_free (customer);
}

void
bs_line_item_free (BsLineItem *item)
{
  if (item == NULL)
    return;
  bs_book_record_free (item->book);
  g_free (item);
}

void
bs_order_record_free (BsOrderRecord *order)
{
  if (order == NULL)
    return;
  g_free (order->order_id);
  g_free (order->customer_id);
  g_clear_pointer (&order->lines, g_ptr_array_unref);
  g_free (order);
}

void
bs_person_free (BsPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->id);
  g_free (person->name);
  g_free (person);
}

/* Makes @order, whose lines are set, a new order of @customer_id at @now: a new id, and
 * its total at the lines' prices. */
void
bs_order_record_price (BsOrderRecord *order,
                       const char    *customer_id,
                       gint64         now)
{
  order->order_id = g_uuid_string_random ();
  order->customer_id = g_strdup (customer_id);
  order->order_date = now;
  order->total_cents = 0;
  for (guint i = 0; i < order->lines->len; i++)
    {
      const BsLineItem *item = g_ptr_array_index (order->lines, i);

      order->total_cents += item->book->price_cents * item->quantity;
    }
}
