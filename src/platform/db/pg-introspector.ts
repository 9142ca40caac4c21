import {
  PostgresDialect,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

/**
 * Kysely's PostgreSQL introspector lists the tables and columns of every schema on the database. Its Migrator
 * asks it whether its own bookkeeping tables exist, so a migration failed whenever another schema's table
 * was dropped during that listing ("relation … does not exist", "schema … does not exist"): another app's
 * deploy, another test's index rebuild swapping its tables. This one sees only the connection's own schema
 * (`current_schema()`, i.e. the first schema of its search_path), which is the only one Zixun writes.
 */
export class CurrentSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string | null }>`select current_schema() as name`.execute(this.db);
    return rows.flatMap((r) => (r.name ? [{ name: r.name }] : []));
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<{
      schema: string;
      table: string;
      table_type: string;
      column: string;
      type: string;
      type_schema: string;
      nullable: boolean;
      has_default: boolean;
      auto: boolean;
    }>`select t.table_schema as schema, t.table_name as "table", t.table_type, c.column_name as "column",
         c.udt_name as type, c.udt_schema as type_schema, c.is_nullable = 'YES' as nullable,
         c.column_default is not null as has_default,
         (c.is_identity = 'YES' or coalesce(c.column_default, '') like 'nextval(%') as auto
       from information_schema.tables t
       join information_schema.columns c on c.table_schema = t.table_schema and c.table_name = t.table_name
       where t.table_schema = current_schema()
       order by t.table_name, c.ordinal_position`.execute(this.db);
    const tables = new Map<string, { name: string; schema: string; isView: boolean; columns: TableMetadata['columns'][number][] }>();
    for (const r of rows) {
      if (!options.withInternalKyselyTables && (r.table === 'kysely_migration' || r.table === 'kysely_migration_lock')) continue;
      let t = tables.get(r.table);
      if (!t) tables.set(r.table, (t = { name: r.table, schema: r.schema, isView: r.table_type === 'VIEW', columns: [] }));
      t.columns.push({
        name: r.column,
        dataType: r.type,
        dataTypeSchema: r.type_schema,
        isNullable: r.nullable,
        hasDefaultValue: r.has_default,
        isAutoIncrementing: r.auto,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/** PostgreSQL dialect whose introspection (and so Kysely's Migrator) sees only the connection's own schema. */
export class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}
