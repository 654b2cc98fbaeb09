// The Azure built-in roles infra/main.json assigns, by role definition id (the same GUID in every subscription).
// Source: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles (General, Storage, Security,
// Integration), where each role lists its ID.
export const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7': 'Key Vault Secrets Officer',
  'd5a91429-5739-47e2-a06b-3470a27159e7': 'EventGrid Data Sender',
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b': 'Storage Blob Data Owner',
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88': 'Storage Queue Data Contributor',
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3': 'Storage Table Data Contributor',
};
