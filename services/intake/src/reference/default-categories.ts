// DOMAIN.md's category tree (问题类别), seeded by the first migration; ADMINs extend it.
export const DEFAULT_CATEGORIES: Array<{ code: string; name: string; parentCode?: string }> = [
  { code: 'URBAN_RURAL_CONSTRUCTION', name: '城乡建设' },
  { code: 'HOUSING_EXPROPRIATION', name: '房屋征收与拆迁', parentCode: 'URBAN_RURAL_CONSTRUCTION' },
  { code: 'PROPERTY_MANAGEMENT', name: '物业管理', parentCode: 'URBAN_RURAL_CONSTRUCTION' },
  { code: 'LABOUR_SOCIAL_SECURITY', name: '劳动保障' },
  { code: 'SOCIAL_SECURITY', name: '社会保障', parentCode: 'LABOUR_SOCIAL_SECURITY' },
  { code: 'LAND_RESOURCES', name: '国土资源' },
  { code: 'LAND_CONTRACTING', name: '土地承包', parentCode: 'LAND_RESOURCES' },
  { code: 'AGRICULTURE_RURAL', name: '农业农村' },
  { code: 'VILLAGE_AFFAIRS_FINANCE', name: '村务财务', parentCode: 'AGRICULTURE_RURAL' },
  { code: 'ORGANIZATION_PERSONNEL', name: '组织人事' },
  { code: 'LAW_LITIGATION', name: '涉法涉诉' },
  { code: 'ENTERPRISE_RESTRUCTURING', name: '企业改制' },
  { code: 'ILLEGAL_FUNDRAISING', name: '非法集资' },
  { code: 'HEALTH', name: '卫生健康' },
  { code: 'EDUCATION', name: '教育' },
  { code: 'OTHER', name: '其他' },
];
