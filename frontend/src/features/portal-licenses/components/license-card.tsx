import { ChevronRight } from 'lucide-react'
import { Link } from 'react-router'
import { buttonVariants } from '@/components/ui/button-variants'
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from '@/components/ui/card'
import type { PortalLicense } from '../api/types'
import { LicenseExplanation } from './license-explanation'
import { LicenseFacts } from './license-facts'

/** One license in "My licenses": the product, the facts, why it is (not) valid, and a way to its devices. */
export function LicenseCard({ license }: { license: PortalLicense }) {
  return (
    <Card role="article" aria-label={`${license.product_name} license`} data-license-id={license.id} className="flex flex-col">
      <CardHeader className="pb-2">
        <CardTitle>{license.product_name}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-1 flex-col gap-3">
        <LicenseExplanation license={license} />
        <LicenseFacts license={license} />
      </CardContent>
      <CardFooter>
        <Link to={`/portal/licenses/${license.id}`} className={buttonVariants({ variant: 'outline', size: 'sm' })}>
          Devices on this license
          <ChevronRight aria-hidden="true" />
        </Link>
      </CardFooter>
    </Card>
  )
}
