/** UI strings of the reports pages (zh-CN). Keep keys stable: other catalogues will mirror them. */
export const reports = {} as const;
