/** Image rules checked before upload; edge-api enforces its own (413/415) and its answer is shown as is. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

export function checkImage(file: File): string | null {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) {
    return 'Only JPEG, PNG, GIF or WebP images can be attached.';
  }
  if (file.size === 0) return 'This file is empty.';
  if (file.size > IMAGE_MAX_BYTES) return 'Images must be 5 MB or smaller.';
  return null;
}
