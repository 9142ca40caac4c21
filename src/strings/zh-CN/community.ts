/** UI strings of the community pages (zh-CN). Keep keys stable: other catalogues will mirror them. */
export const community = {} as const;
