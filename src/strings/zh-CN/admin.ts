/** UI strings of the admin pages (zh-CN). Keep keys stable: other catalogues will mirror them. */
export const admin = {} as const;
