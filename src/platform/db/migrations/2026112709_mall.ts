import { sql, type Kysely } from 'kysely';
import { idColumn, type Dialect } from '../dialect.ts';

/** The mall feature's tables: gifts and the orders that redeem them. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await idColumn(db.schema.createTable('mall_gifts'), dialect)
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('picture', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('price', 'integer', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull())
    .addColumn('redeemed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available_from', 'varchar(32)')
    .addColumn('available_until', 'varchar(32)')
    .addColumn('per_member_limit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('group_ids', 'varchar(500)', (c) => c.notNull().defaultTo('[]'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addCheckConstraint('mall_gifts_stock_nonnegative', sql`stock >= 0`)
    .execute();
  await db.schema.createIndex('mall_gifts_active').on('mall_gifts').columns(['active', 'id']).execute();

  await idColumn(db.schema.createTable('mall_orders'), dialect)
    .addColumn('gift_id', 'integer', (c) => c.notNull().references('mall_gifts.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price', 'integer', (c) => c.notNull())
    .addColumn('total_points', 'integer', (c) => c.notNull())
    .addColumn('contact_name', 'varchar(50)', (c) => c.notNull())
    .addColumn('phone', 'varchar(30)', (c) => c.notNull())
    .addColumn('address', 'varchar(300)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('carrier', 'varchar(50)', (c) => c.notNull().defaultTo(''))
    .addColumn('tracking_no', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('cancel_reason', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('redeem_tx_id', 'integer')
    .addColumn('refund_tx_id', 'integer')
    .addColumn('shipped_by', 'integer')
    .addColumn('shipped_at', 'varchar(32)')
    .addColumn('cancelled_by', 'integer')
    .addColumn('cancelled_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mall_orders_member').on('mall_orders').columns(['member_id', 'id']).execute();
  await db.schema.createIndex('mall_orders_status').on('mall_orders').columns(['status', 'id']).execute();
  await db.schema.createIndex('mall_orders_gift_member').on('mall_orders').columns(['gift_id', 'member_id']).execute();
}
